package io.twinhub.bench.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenLoopScheduleTest {

    @Test
    void nothingIsDueBeforeTheFirstInstant() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 100);
        assertThat(s.dueCount(999)).isZero();
        assertThat(s.dueCount(1_000)).isEqualTo(1);
        assertThat(s.dueCount(1_099)).isEqualTo(1);
        assertThat(s.dueCount(1_100)).isEqualTo(2);
    }

    @Test
    void dueCountAndIntendedTimeAreInverses() {
        OpenLoopSchedule s = new OpenLoopSchedule(5_000_000, 333);
        for (long now = 5_000_000; now < 5_100_000; now += 17) {
            long due = s.dueCount(now);
            assertThat(s.intendedNanos(due - 1)).isLessThanOrEqualTo(now);
            assertThat(s.intendedNanos(due)).isGreaterThan(now);
        }
    }

    @Test
    void oneSecondAtAGivenRateIsThatManyMessages() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, OpenLoopSchedule.intervalNanos(20_000));
        assertThat(s.dueCount(1_000_000_000L - 1)).isEqualTo(20_000);
        assertThat(s.effectiveRate()).isEqualTo(20_000.0);
    }

    @Test
    void sendersArePhaseShiftedWithinOneInterval() {
        long origin = 1_000_000;
        OpenLoopSchedule first = OpenLoopSchedule.forSender(origin, 1000, 0, 4);
        OpenLoopSchedule third = OpenLoopSchedule.forSender(origin, 1000, 2, 4);
        assertThat(first.firstNanos()).isEqualTo(origin);
        assertThat(third.firstNanos()).isEqualTo(origin + 500_000);
        // Together, four senders at 1000/s each send 4000 in a second.
        long total = 0;
        for (int i = 0; i < 4; i++) {
            total += OpenLoopSchedule.forSender(origin, 1000, i, 4).dueCount(origin + 1_000_000_000L - 1);
        }
        assertThat(total).isEqualTo(4000);
    }

    @Test
    void roundsTheIntervalToWholeNanosecondsAndSaysSo() {
        long interval = OpenLoopSchedule.intervalNanos(3_000_000);
        assertThat(interval).isEqualTo(333);
        assertThat(new OpenLoopSchedule(0, interval).effectiveRate()).isCloseTo(3_003_003, org.assertj.core.data.Offset.offset(1.0));
    }

    @Test
    void refusesNonPositiveRates() {
        assertThatThrownBy(() -> OpenLoopSchedule.intervalNanos(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
