package io.twinhub.store;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemetryKeysTest {

    private static void assertAscending(byte[]... keys) {
        for (int i = 1; i < keys.length; i++) {
            assertThat(Arrays.compareUnsigned(keys[i - 1], keys[i])).as("key %d before key %d", i - 1, i).isNegative();
        }
    }

    private static boolean within(byte[] key, byte[] from, byte[] past) {
        return Arrays.compareUnsigned(key, from) >= 0 && Arrays.compareUnsigned(key, past) < 0;
    }

    @Test
    void logKeysSortInSeqOrderAndDecode() {
        long[] seqs = {0, 1, 255, 256, 1L << 48, (3L << 48) | 7, Long.MAX_VALUE};
        for (int i = 1; i < seqs.length; i++) {
            assertAscending(TelemetryKeys.log(seqs[i - 1]), TelemetryKeys.log(seqs[i]));
            assertThat(TelemetryKeys.logSeqOf(TelemetryKeys.log(seqs[i]))).isEqualTo(seqs[i]);
        }
        assertThatThrownBy(() -> TelemetryKeys.log(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chunkKeysSortByBucketWithNegativeStartsFirstThenBySeq() {
        long[] buckets = {Long.MIN_VALUE, -7_200_000, -3_600_000, -1, 0, 3_600_000, 1L << 40, Long.MAX_VALUE};
        for (int i = 1; i < buckets.length; i++) {
            assertAscending(TelemetryKeys.chunk("d", "t", buckets[i - 1], Long.MAX_VALUE),
                    TelemetryKeys.chunk("d", "t", buckets[i], 0));
        }
        assertAscending(TelemetryKeys.chunk("d", "t", -3_600_000, 0), TelemetryKeys.chunk("d", "t", -3_600_000, 1),
                TelemetryKeys.chunk("d", "t", -3_600_000, 256), TelemetryKeys.chunk("d", "t", -3_600_000, Long.MAX_VALUE));
        byte[] key = TelemetryKeys.chunk("dev/ü", "temp", -3_600_000, 1_700_000_000_000_000L);
        assertThat(TelemetryKeys.bucketStartOf(key)).isEqualTo(-3_600_000);
        assertThat(TelemetryKeys.chunkSeqOf(key)).isEqualTo(1_700_000_000_000_000L);
        assertThat(TelemetryKeys.describeChunk(key))
                .isEqualTo("device \"dev/ü\", key \"temp\", bucket -3600000, seq 1700000000000000");
    }

    @Test
    void bucketBoundsHoldExactlyTheirSeriesAndBuckets() {
        byte[] from = TelemetryKeys.chunksFrom("a", "t", -3_600_000);
        byte[] past = TelemetryKeys.chunksPast("a", "t", 3_600_000);
        for (byte[] inside : new byte[][] {TelemetryKeys.chunk("a", "t", -3_600_000, 0),
                TelemetryKeys.chunk("a", "t", 0, 5), TelemetryKeys.chunk("a", "t", 3_600_000, Long.MAX_VALUE)}) {
            assertThat(within(inside, from, past)).isTrue();
        }
        for (byte[] outside : new byte[][] {TelemetryKeys.chunk("a", "t", -3_600_001, Long.MAX_VALUE),
                TelemetryKeys.chunk("a", "t", 3_600_001, 0), TelemetryKeys.chunk("ab", "t", 0, 5),
                TelemetryKeys.chunk("a", "tt", 0, 5), TelemetryKeys.chunk("a", "", 0, 5)}) {
            assertThat(within(outside, from, past)).as(TelemetryKeys.describeChunk(outside)).isFalse();
        }
        byte[] last = TelemetryKeys.chunksTo("a", "t", 3_600_000);
        assertThat(within(last, from, past)).isTrue();
        assertThat(Arrays.compareUnsigned(TelemetryKeys.chunk("a", "t", 3_600_000, Long.MAX_VALUE), last))
                .as("no chunk of the bucket sorts after its last key").isNegative();
        // the widest range still ends within the series
        byte[] all = TelemetryKeys.chunksPast("a", "t", Long.MAX_VALUE);
        assertThat(Arrays.compareUnsigned(TelemetryKeys.chunk("a", "t", Long.MAX_VALUE, Long.MAX_VALUE), all)).isNegative();
    }

    @Test
    void seriesKeysStartWithAHashPrefixThatTellsSeriesApart() {
        byte[] a = TelemetryKeys.chunk("a", "bc", 0, 0);
        byte[] ab = TelemetryKeys.chunk("ab", "c", 0, 0);
        byte[] a2 = TelemetryKeys.chunk("a", "bc", 3_600_000, 9);
        assertThat(Arrays.copyOf(a, 8)).isEqualTo(Arrays.copyOf(a2, 8)).isNotEqualTo(Arrays.copyOf(ab, 8));
        // stable across runs and machines: it is stored on disk
        assertThat(TelemetryKeys.seriesHash("dev-1".getBytes(), "temp".getBytes()))
                .isEqualTo(TelemetryKeys.seriesHash("dev-1".getBytes(), "temp".getBytes()))
                .isNotEqualTo(TelemetryKeys.seriesHash("dev-1temp".getBytes(), new byte[0]));
    }

    @Test
    void latestRangeOfADeviceHoldsItsOwnKeysOnly() {
        byte[] from = TelemetryKeys.latestFrom("a");
        byte[] past = TelemetryKeys.latestPast("a");
        for (byte[] own : new byte[][] {TelemetryKeys.latest("a", ""), TelemetryKeys.latest("a", "temp"),
                TelemetryKeys.latest("a", "\uffff")}) {
            assertThat(within(own, from, past)).isTrue();
            assertThat(TelemetryKeys.latestKeyOf(own, "a")).isEqualTo(new String(own, 2, own.length - 2,
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        for (byte[] other : new byte[][] {TelemetryKeys.latest("ab", "x"), TelemetryKeys.latest("", "a"),
                TelemetryKeys.latest("a\u0001", "x"), TelemetryKeys.latest("b", "")}) {
            assertThat(within(other, from, past)).isFalse();
        }
        assertThat(Keys.describe(Cf.LATEST, TelemetryKeys.latest("dev", "temp")))
                .isEqualTo("device \"dev\", key \"temp\"");
    }

    @Test
    void aDeviceIdWithNulIsRefused() {
        assertThatThrownBy(() -> TelemetryKeys.latest("a\0b", "t")).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> TelemetryKeys.chunk("a\0b", "t", 0, 0)).hasMessageContaining("U+0000");
        assertThatThrownBy(() -> TelemetryKeys.chunk("a", "t", 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
