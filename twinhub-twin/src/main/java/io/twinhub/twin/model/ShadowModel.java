package io.twinhub.twin.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twinhub.twin.ShadowRef;
import java.util.Objects;
import java.util.function.Function;

/**
 * The device-shadow rules of contract §3 as pure functions: a request and the current state in,
 * the state to keep and the answers to publish out. No I/O, no clock, no locks; the caller
 * applies the requests of one shadow one at a time and stores {@code newState} before it
 * publishes anything. Safe to share between threads.
 */
public final class ShadowModel {

    /** {@code expectedVersion} meaning "no If-Match". */
    public static final long ANY_VERSION = -1;

    private final ShadowLimits limits;

    public ShadowModel(ShadowLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public ShadowLimits limits() {
        return limits;
    }

    /**
     * Applies an update request. {@code expectedVersion} is {@link #ANY_VERSION} or the version of
     * an {@code If-Match}; it is checked exactly like the request's own {@code version}: each one
     * that is given must equal the current version, or the answer is 409.
     */
    public Outcome update(ShadowState current, byte[] request, long expectedVersion, long nowSeconds) {
        UpdateRequest update;
        try {
            update = UpdateRequest.parse(request, limits);
        } catch (RequestRejected e) {
            return rejected(e, nowSeconds);
        }
        String token = update.clientToken();
        if (expectedVersion < ANY_VERSION) {
            return rejected(400, Messages.INVALID_VERSION, nowSeconds, token);
        }
        if (expectedVersion != ANY_VERSION && expectedVersion != current.version()
                || update.version() != UpdateRequest.NO_VERSION && update.version() != current.version()) {
            return rejected(409, Messages.VERSION_CONFLICT, nowSeconds, token);
        }
        ObjectNode stamp = Metadata.stamp(nowSeconds);
        Section desired = Merge.apply(current.desired(), update.desired(), stamp);
        Section reported = Merge.apply(current.reported(), update.reported(), stamp);
        if (Section.stateBytes(desired) + Section.stateBytes(reported) > limits.maxStateBytes()) {
            return rejected(413, Messages.tooLarge(limits.maxStateBytes()), nowSeconds, token);
        }
        ShadowState next = ShadowState.existing(desired, reported, current.version() + 1, nowSeconds);
        return new Outcome.Accepted(next,
                Answers.updateAccepted(update, stamp, next.version(), nowSeconds),
                Answers.documents(current, next, nowSeconds, token),
                Answers.delta(next, nowSeconds, token));
    }

    /** The document of the shadow, stamped with {@code nowSeconds}; 404 when it does not exist. */
    public Outcome get(ShadowState current, byte[] request, long nowSeconds) {
        return get(current, request, nowSeconds, null);
    }

    /** As {@link #get(ShadowState, byte[], long)}, naming {@code ref} in the 404 message. */
    public Outcome get(ShadowState current, byte[] request, long nowSeconds, ShadowRef ref) {
        return onExisting(current, request, nowSeconds, ref, token ->
                new Outcome.Accepted(current, current.documentJson(token, nowSeconds), null, null));
    }

    /** Deletes the shadow, leaving a tombstone that keeps its version; 404 when it does not exist. */
    public Outcome delete(ShadowState current, byte[] request, long nowSeconds) {
        return delete(current, request, nowSeconds, null);
    }

    /** As {@link #delete(ShadowState, byte[], long)}, naming {@code ref} in the 404 message. */
    public Outcome delete(ShadowState current, byte[] request, long nowSeconds, ShadowRef ref) {
        return onExisting(current, request, nowSeconds, ref, token ->
                new Outcome.Accepted(ShadowState.tombstone(current.version(), nowSeconds),
                        Answers.deleteAccepted(current.version(), nowSeconds, token), null, null));
    }

    /**
     * What get and delete share: a request that may only carry a clientToken, and a 404 when the
     * shadow does not exist; otherwise {@code accepted} builds the answer for the request's token.
     */
    private Outcome onExisting(ShadowState current, byte[] request, long nowSeconds, ShadowRef ref,
                               Function<String, Outcome> accepted) {
        String token;
        try {
            token = RequestJson.clientToken(RequestJson.object(request), limits.maxClientTokenBytes());
        } catch (RequestRejected e) {
            return rejected(e, nowSeconds);
        }
        if (!current.exists()) {
            return rejected(404, Messages.noShadow(displayName(ref)), nowSeconds, token);
        }
        return accepted.apply(token);
    }

    /**
     * A rejection built without applying anything (429 too many in flight, 403, 500); the
     * clientToken is taken from the request if it parses and the token is valid.
     */
    public byte[] rejection(int code, String message, byte[] request, long nowSeconds) {
        return Answers.rejection(code, message, nowSeconds,
                RequestJson.clientTokenLeniently(request, limits.maxClientTokenBytes()));
    }

    /** The shadow's name as a 404 message gives it: the thing's name for its classic shadow. */
    private static String displayName(ShadowRef ref) {
        return ref == null ? null : ref.isClassic() ? ref.thingId() : ref.name();
    }

    private static Outcome.Rejected rejected(RequestRejected e, long now) {
        return rejected(e.code(), e.getMessage(), now, e.clientToken());
    }

    private static Outcome.Rejected rejected(int code, String message, long now, String token) {
        return new Outcome.Rejected(code, Answers.rejection(code, message, now, token));
    }
}
