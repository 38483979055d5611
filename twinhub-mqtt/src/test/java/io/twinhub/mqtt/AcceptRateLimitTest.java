package io.twinhub.mqtt;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class AcceptRateLimitTest {

    @Test
    void admitsOneSecondsWorthAtOnceThenTheRate() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        AcceptRateLimit limit = new AcceptRateLimit(10, now::get);
        int admitted = 0;
        for (int i = 0; i < 50; i++) {
            admitted += limit.admit() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(10);
        assertThat(limit.refused()).isEqualTo(40);

        now.addAndGet(300_000_000L);  // 0.3 s: three more
        admitted = 0;
        for (int i = 0; i < 10; i++) {
            admitted += limit.admit() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(3);

        now.addAndGet(60_000_000_000L);  // a quiet minute refills only the burst
        admitted = 0;
        for (int i = 0; i < 50; i++) {
            admitted += limit.admit() ? 1 : 0;
        }
        assertThat(admitted).isEqualTo(10);
    }
}
