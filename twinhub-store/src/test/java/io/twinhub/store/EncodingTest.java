package io.twinhub.store;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.session.Will;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.twinhub.store.Samples.assertSame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodingTest {

    @Test
    void messageWithEveryFieldRoundTrips() {
        Message m = Samples.full();
        byte[] encoded = Encoding.encodeMessage(m);
        assertThat(encoded[0]).isEqualTo((byte) Encoding.VERSION);
        assertSame(Encoding.decodeMessage(encoded), m);
    }

    @Test
    void messageWithNoOptionalFieldRoundTripsCompactly() {
        Message m = Samples.bare();
        byte[] encoded = Encoding.encodeMessage(m);
        assertSame(Encoding.decodeMessage(encoded), m);
        // version, flags, topic length + "t", payload length
        assertThat(encoded).hasSize(5);
        Message back = Encoding.decodeMessage(encoded);
        assertThat(back.publisherId()).isNull();
        assertThat(back.expiresAtMillis()).isEqualTo(Message.NO_EXPIRY);
        assertThat(back.properties()).isSameAs(MessageProperties.NONE);
        assertThat(back.payload().length()).isZero();
    }

    @Test
    void propertiesThatArePresentButEmptyStayPresent() {
        // format indicator 0 is not "absent", an empty correlation array is not null
        MessageProperties props = new MessageProperties(0, "", null, new byte[0], List.of());
        Message m = new Message("a/b", 1, false, BytesPayload.EMPTY, props, 0, "");
        Message back = Encoding.decodeMessage(Encoding.encodeMessage(m));
        assertSame(back, m);
        assertThat(back.properties().payloadFormatIndicator()).isZero();
        assertThat(back.properties().correlationData()).isEmpty();
        assertThat(back.properties().responseTopic()).isNull();
        assertThat(back.publisherId()).isEmpty();
        assertThat(back.expiresAtMillis()).isZero();
    }

    @Test
    void largeAndForeignPayloadsAreCopiedExactly() {
        byte[] big = Samples.randomBytes(3 * 1024 * 1024 + 17, 1);
        Message m = new Message("big", 1, false, new Samples.ForeignPayload(big), null, Message.NO_EXPIRY, "p");
        Message back = Encoding.decodeMessage(Encoding.encodeMessage(m));
        assertThat(back.payload()).isInstanceOf(BytesPayload.class);
        assertThat(back.payload().toByteArray()).isEqualTo(big);
    }

    @Test
    void unicodeTopicsRoundTrip() {
        for (String topic : List.of("温度/センサー", "🌡️/🔥/#", "ü/ß/é", "a".repeat(70_000), "/", " ")) {
            Message m = new Message(topic, 0, true, new BytesPayload(new byte[] {1}), null, Message.NO_EXPIRY, null);
            assertThat(Encoding.decodeMessage(Encoding.encodeMessage(m)).topic()).isEqualTo(topic);
        }
    }

    @Test
    void queuedMessagesRoundTripInEveryState() {
        for (QueuedMessage.State state : QueuedMessage.State.values()) {
            for (long seq : new long[] {0, 1, 127, 128, 65_535, 65_536, 1L << 40, Long.MAX_VALUE}) {
                QueuedMessage q = new QueuedMessage(seq, Samples.full(), 2, true, new int[] {1, 268_435_455, 7}, state);
                assertSame(Encoding.decodeQueued(encodeQueued(q)), q);
            }
        }
        QueuedMessage noIds = new QueuedMessage(5, Samples.bare(), 1, false, new int[0], QueuedMessage.State.QUEUED);
        assertSame(Encoding.decodeQueued(encodeQueued(noIds)), noIds);
        QueuedMessage nullIds = new QueuedMessage(5, Samples.bare(), 1, false, null, QueuedMessage.State.QUEUED);
        assertThat(Encoding.decodeQueued(encodeQueued(nullIds)).subscriptionIds()).isEmpty();
    }

    /** What a write group copies out of the scratch writer. */
    private static byte[] encodeQueued(QueuedMessage q) {
        Encoding.Writer w = Encoding.encodeQueuedToScratch(q);
        return Arrays.copyOf(w.array(), w.length());
    }

    @Test
    void theScratchWriterGrowsForALargePayloadAndEncodesTheSameAfterShrinkingBack() {
        QueuedMessage small = new QueuedMessage(9, Samples.full(), 1, false, new int[] {3}, QueuedMessage.State.QUEUED);
        QueuedMessage large = new QueuedMessage(10, new Message("big/topic", 1, false,
                new BytesPayload(new byte[200_000]), MessageProperties.NONE, Message.NO_EXPIRY, "p"),
                1, false, new int[0], QueuedMessage.State.QUEUED);
        byte[] first = encodeQueued(small);
        assertSame(Encoding.decodeQueued(first), small);
        // the scratch grows past what it keeps, then is shrunk back and reused
        assertSame(Encoding.decodeQueued(encodeQueued(large)), large);
        assertThat(Encoding.encodeQueuedToScratch(small).array()).hasSizeLessThan(200_000);
        assertThat(encodeQueued(small)).isEqualTo(first);
    }

    @Test
    void sessionsRoundTripWithAndWithoutWill() {
        SessionRecord withWill = Samples.sessionWithWill("c1");
        assertSame(Encoding.decodeSession("c1", Encoding.encodeSession(withWill)), withWill);

        SessionRecord noWill = new SessionRecord("c2", 0, 0, null);
        assertSame(Encoding.decodeSession("c2", Encoding.encodeSession(noWill)), noWill);

        SessionRecord willWithoutExpiry = new SessionRecord("c3", 60, 5,
                new Will(Samples.bare(), 0, -1));
        SessionRecord back = Encoding.decodeSession("c3", Encoding.encodeSession(willWithoutExpiry));
        assertSame(back, willWithoutExpiry);
        assertThat(back.will().expirySeconds()).isEqualTo(-1);
    }

    @Test
    void subscriptionsRoundTripWithEveryOption() {
        for (int qos = 0; qos <= 2; qos++) {
            for (int handling = 0; handling <= 2; handling++) {
                for (String group : Arrays.asList(null, "g1", "gruppe-ä")) {
                    for (boolean flag : new boolean[] {false, true}) {
                        Subscription s = new Subscription("client-😀", "a/+/#", group, qos, flag, !flag, handling,
                                flag ? 268_435_455 : 0);
                        assertSame(Encoding.decodeSubscription(Encoding.encodeSubscription(s)), s);
                    }
                }
            }
        }
    }

    @Test
    void unknownVersionIsRefusedWithTheVersion() {
        byte[] encoded = Encoding.encodeMessage(Samples.full());
        encoded[0] = 9;
        assertThatThrownBy(() -> Encoding.decodeMessage(encoded))
                .isInstanceOf(Encoding.MalformedException.class)
                .hasMessageContaining("unknown format version 9");
    }

    @Test
    void truncatedOrPaddedValuesAreRefused() {
        byte[] encoded = encodeQueued(Samples.queued(3, Samples.full(), QueuedMessage.State.SENT));
        for (int cut : new int[] {0, 1, 2, 10, encoded.length - 1}) {
            byte[] truncated = Arrays.copyOf(encoded, cut);
            assertThatThrownBy(() -> Encoding.decodeQueued(truncated))
                    .isInstanceOf(Encoding.MalformedException.class);
        }
        byte[] padded = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> Encoding.decodeQueued(padded))
                .isInstanceOf(Encoding.MalformedException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void garbageNeverEscapesAsAnythingButMalformed() {
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            if (junk.length > 0) {
                junk[0] = (byte) Encoding.VERSION;
            }
            for (Runnable decode : List.<Runnable>of(() -> Encoding.decodeMessage(junk),
                    () -> Encoding.decodeQueued(junk), () -> Encoding.decodeSession("x", junk),
                    () -> Encoding.decodeSubscription(junk))) {
                try {
                    decode.run();
                } catch (Encoding.MalformedException expected) {
                    // fine: a clear decoding error
                }
            }
        }
    }
}
