package io.twinhub.store;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.message.MessageProperties.UserProperty;
import io.twinhub.core.message.Payload;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.session.Will;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Test data and comparisons: the domain types compare arrays by identity, the store by content. */
final class Samples {

    private Samples() { }

    /** Ignores Message's lazily made detached copy; compares arrays (payload, correlation data) by content. */
    static final RecursiveComparisonConfiguration BY_CONTENT = RecursiveComparisonConfiguration.builder()
            .withIgnoredFieldsMatchingRegexes("(.*\\.)?detached")
            .withStrictTypeChecking(false)
            // element by element would take seconds for a megabyte payload
            .withComparatorForType(Arrays::compare, byte[].class)
            .withComparatorForType(Arrays::compare, int[].class)
            .build();

    static void assertSame(Object actual, Object expected) {
        assertThat(actual).usingRecursiveComparison(BY_CONTENT).isEqualTo(expected);
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Message simple(String topic, String payload) {
        return new Message(topic, 1, false, new BytesPayload(payload.getBytes(StandardCharsets.UTF_8)),
                MessageProperties.NONE, Message.NO_EXPIRY, "pub");
    }

    static Message full() {
        MessageProperties props = new MessageProperties(1, "application/json; charset=utf-8", "reply/to/me",
                new byte[] {0, 1, 2, (byte) 0xFF},
                List.of(new UserProperty("k", "v"), new UserProperty("k", "second value"),
                        new UserProperty("", ""), new UserProperty("ключ", "値 🚀")));
        return new Message("sensors/温度/🌡️/ü", 2, true, new BytesPayload(randomBytes(1000, 7)), props,
                1_750_000_000_123L, "device-ä-1");
    }

    static Message bare() {
        return new Message("t", 0, false, BytesPayload.EMPTY, MessageProperties.NONE, Message.NO_EXPIRY, null);
    }

    static QueuedMessage queued(long seq, Message m, QueuedMessage.State state) {
        return new QueuedMessage(seq, m, 1, false, new int[] {1, 42}, state);
    }

    static SessionRecord sessionWithWill(String clientId) {
        Will will = new Will(full(), 30, 3600);
        return new SessionRecord(clientId, 0xFFFF_FFFFL, 1_750_000_000_000L, will);
    }

    static Subscription subscription(String clientId, String filter) {
        return new Subscription(clientId, filter, null, 1, false, false, 0, 0);
    }

    static Subscription shared(String clientId, String group, String filter) {
        return new Subscription(clientId, filter, group, 2, true, true, 2, 268_435_455);
    }

    /** A payload that is not a heap array, like a socket buffer: must be copied out when stored. */
    record ForeignPayload(byte[] data) implements Payload {
        @Override public int length() { return data.length; }
        @Override public Payload retain() { return this; }
        @Override public void release() { }
        @Override public byte[] toByteArray() { return data.clone(); }
        @Override public Payload detach() { return new BytesPayload(data.clone()); }
        @Override public Object unwrap() { return this; }
    }
}
