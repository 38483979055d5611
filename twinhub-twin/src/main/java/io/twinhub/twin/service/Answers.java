package io.twinhub.twin.service;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.ShadowTopics;
import io.twinhub.twin.model.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns an outcome into the reply for the caller and the MQTT messages that announce it.
 * <ul>
 *   <li>A request made over MQTT is answered on the prefix it used ({@code $twin} or {@code $aws}).</li>
 *   <li>A change made over REST is announced with its {@code …/accepted} answer on both prefixes,
 *       so that devices learn of it; REST rejections go only to the HTTP caller.</li>
 *   <li>{@code update/documents} and {@code update/delta} go out on both prefixes whoever made the
 *       change: a device on the AWS SDK sees a delta an application set through {@code $twin}.</li>
 * </ul>
 * Answers are QoS 1 and not retained; a subscriber's granted QoS caps them as usual.
 */
final class Answers {

    private static final String[] PREFIXES = {ShadowTopics.TWIN, ShadowTopics.AWS};

    private final ShadowMetrics metrics;

    Answers(ShadowMetrics metrics) {
        this.metrics = metrics;
    }

    ShadowReply reply(Outcome o) {
        return switch (o) {
            case Outcome.Accepted a -> new ShadowReply(200, a.answer(), a.newState().version());
            case Outcome.Rejected r -> new ShadowReply(r.code(), r.answer(), 0);
        };
    }

    List<Message> messages(ShadowRequest r, Outcome o) {
        String op = r.operation().name().toLowerCase(Locale.ROOT);
        ShadowRef ref = r.ref();
        List<Message> out = new ArrayList<>(6);
        switch (o) {
            case Outcome.Rejected rejected -> {
                if (r.prefix() != null) {
                    out.add(message(r.prefix(), ref, op + "/rejected", rejected.answer()));
                }
            }
            case Outcome.Accepted a -> {
                if (r.prefix() != null) {
                    out.add(message(r.prefix(), ref, op + "/accepted", a.answer()));
                } else if (r.changes()) {
                    for (String p : PREFIXES) {
                        out.add(message(p, ref, op + "/accepted", a.answer()));
                    }
                }
                if (r.operation() == ShadowOperation.UPDATE) {
                    metrics.updatesAccepted.increment();
                    for (String p : PREFIXES) {
                        out.add(message(p, ref, "update/documents", a.documents()));
                    }
                    if (a.delta() != null) {
                        metrics.deltasPublished.increment();
                        for (String p : PREFIXES) {
                            out.add(message(p, ref, "update/delta", a.delta()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Message message(String prefix, ShadowRef ref, String suffix, byte[] body) {
        return new Message(ShadowTopics.answer(prefix, ref, suffix), 1, false, new BytesPayload(body),
                MessageProperties.NONE, Message.NO_EXPIRY, null);
    }
}
