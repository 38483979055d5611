package io.twinhub.core.presence;

import io.twinhub.core.device.Presence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class PresenceDocumentTest {

    @Test
    void writesTheContractsDocumentForAnyTimestamps() {
        long[] edges = {0, 1, 9, 10, 99, 100, -1, -10, 1_796_620_157L, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long since : edges) {
            for (long lastSeen : edges) {
                check(new Presence(since % 2 == 0, since, lastSeen));
            }
        }
        Random random = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            check(new Presence(random.nextBoolean(), random.nextLong() >> random.nextInt(64), random.nextInt()));
        }
    }

    private static void check(Presence p) {
        String expected = "{\"online\":" + p.online() + ",\"since\":" + p.since() + ",\"lastSeen\":" + p.lastSeen() + "}";
        assertThat(new String(PresenceDocument.encode(p), StandardCharsets.US_ASCII)).isEqualTo(expected);
    }
}
