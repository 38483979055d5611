package io.twinhub.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {

    @Test
    void queuedKeysSortInSeqOrderBytewise() {
        long[] seqs = {0, 1, 255, 256, 65_535, 1L << 32, 1L << 40, Long.MAX_VALUE};
        for (int i = 1; i < seqs.length; i++) {
            assertThat(Arrays.compareUnsigned(Keys.queued("c", seqs[i - 1]), Keys.queued("c", seqs[i])))
                    .as("%d < %d", seqs[i - 1], seqs[i]).isNegative();
            assertThat(Keys.seqOf(Keys.queued("c", seqs[i]))).isEqualTo(seqs[i]);
        }
    }

    @Test
    void sessionRangeHoldsItsOwnKeysOnly() {
        byte[] from = Keys.rangeStart("a");
        byte[] to = Keys.rangeEnd("a");
        for (byte[] own : new byte[][] {Keys.queued("a", 0), Keys.queued("a", Long.MAX_VALUE),
                Keys.subscription("a", "x/#"), Keys.inboundQos2("a", 65_535), Keys.subscription("a", "")}) {
            assertThat(Arrays.compareUnsigned(own, from)).isGreaterThanOrEqualTo(0);
            assertThat(Arrays.compareUnsigned(own, to)).isNegative();
        }
        for (byte[] other : new byte[][] {Keys.queued("ab", 0), Keys.subscription("a\u0001", "x"),
                Keys.inboundQos2("", 1), Keys.queued("b", 0), Keys.queued("A", 0)}) {
            boolean inside = Arrays.compareUnsigned(other, from) >= 0 && Arrays.compareUnsigned(other, to) < 0;
            assertThat(inside).as(Keys.describe(Cf.QUEUED, other)).isFalse();
        }
    }

    @Test
    void keysDecodeBackAndDescribeThemselves() {
        byte[] key = Keys.inboundQos2("dev/ü", 513);
        assertThat(Keys.clientIdOf(key)).isEqualTo("dev/ü");
        assertThat(Keys.packetIdOf(key)).isEqualTo(513);
        assertThat(Keys.describe(Cf.INBOUND_QOS2, key)).isEqualTo("client id \"dev/ü\", packet id 513");
        assertThat(Keys.describe(Cf.QUEUED, Keys.queued("c", 9))).isEqualTo("client id \"c\", seq 9");
        assertThat(Keys.describe(Cf.QUEUED, new byte[] {1, 2})).isEqualTo("malformed key 0x0102");
        assertThat(Keys.describe(Cf.SUBSCRIPTIONS, Keys.subscription("c", "$share/g/a/#")))
                .isEqualTo("client id \"c\", filter \"$share/g/a/#\"");
    }

    @Test
    void clientIdsWithNulAndBadNumbersAreRefused() {
        assertThatThrownBy(() -> Keys.session("a\0b")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Keys.queued("a", -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> Keys.inboundQos2("a", 65_536)).hasMessageContaining("packet id");
    }
}
