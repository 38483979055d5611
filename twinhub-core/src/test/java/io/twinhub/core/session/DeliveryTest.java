package io.twinhub.core.session;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.message.Payload;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTest {

    /** Stands in for a transport buffer: counts its references and how often it was copied out. */
    private static final class WirePayload implements Payload {
        private final byte[] bytes;
        int references = 1;
        int copies;

        WirePayload(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override public int length() { return bytes.length; }
        @Override public Payload retain() { references++; return this; }
        @Override public void release() { references--; }
        @Override public byte[] toByteArray() { return bytes.clone(); }
        @Override public Payload detach() { copies++; return new BytesPayload(bytes.clone()); }
        @Override public Object unwrap() { return bytes; }
    }

    @Test
    void waitingDeliveriesOfOneMessageShareOneCompactCopyAndLetTheWireBufferGo() {
        WirePayload wire = new WirePayload(new byte[] {1, 2, 3});
        Message published = new Message("a/b", 1, false, wire, MessageProperties.NONE, Message.NO_EXPIRY, "pub");
        Delivery first = new Delivery(published, wire.retain(), 1, false, null);
        Delivery second = new Delivery(published, wire.retain(), 1, false, null);

        first.detach();
        second.detach();

        assertThat(first.message()).isNotSameAs(published).isSameAs(second.message());
        assertThat(first.payload()).isSameAs(first.message().payload()).isSameAs(second.payload()).isNotSameAs(wire);
        assertThat(first.payload().toByteArray()).containsExactly(1, 2, 3);
        assertThat(first.message().topic()).isEqualTo("a/b");
        assertThat(first.message().qos()).isEqualTo(1);
        assertThat(first.message().publisherId()).isEqualTo("pub");
        assertThat(wire.copies).isEqualTo(1);
        assertThat(wire.references).as("only the publisher's own reference is left").isEqualTo(1);
    }

    @Test
    void detachingAMessageThatIsAlreadyOnTheHeapKeepsIt() {
        Message kept = new Message("a/b", 1, false, new BytesPayload(new byte[] {4}), MessageProperties.NONE,
                Message.NO_EXPIRY, null);
        Delivery d = new Delivery(kept, kept.payload(), 1, false, null);

        d.detach();

        assertThat(d.message()).isSameAs(kept);
        assertThat(d.payload()).isSameAs(kept.payload());
    }
}
