package io.twinhub.twin.model;

/** What a shadow request comes to: accepted with the state to keep and the answers, or rejected. */
public sealed interface Outcome permits Outcome.Accepted, Outcome.Rejected {

    /**
     * newState: the state to store (same instance as the input when nothing must be written, e.g.
     * a get). answer: body for {@code …/accepted} (get: the document; update: the accepted update
     * body; delete: {@code {"version":V,"timestamp":T[,"clientToken"]}}). documents / delta: only
     * for updates — the {@code update/documents} body, and the {@code update/delta} body or null
     * when the new delta is empty.
     */
    record Accepted(ShadowState newState, byte[] answer, byte[] documents, byte[] delta) implements Outcome {
    }

    /** code: 400/404/409/413/…; answer: {@code {"code":C,"message":"…","timestamp":T,"clientToken":…}}. */
    record Rejected(int code, byte[] answer) implements Outcome {
    }
}
