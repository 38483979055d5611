package io.twinhub.mqtt;

import io.netty.channel.DefaultEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The wheel on a clock the test moves: every call runs on the wheel's loop, as in the server, and
 * the test turns the wheel itself (the loop's own ticks see the same clock and change nothing).
 */
class DeadlineWheelTest {

    private static final long TICK_NANOS = DeadlineWheel.TICK_MILLIS * 1_000_000;

    private final DefaultEventLoop loop = new DefaultEventLoop();
    private final AtomicLong clock = new AtomicLong(5_000_000_123L);
    private final DeadlineWheel wheel = onLoop(() -> new DeadlineWheel(loop, clock::get));

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void firesOnceTheTimeoutHasPassedAndNotBefore() {
        Probe d = new Probe();
        onLoop(() -> wheel.start(d, 1_000));

        // 10 ticks are exactly the timeout, but the start lay inside its tick: the 11th
        firesOnTick(d, 11);
        assertThat(onLoop(wheel::size)).isZero();

        advanceTicks(2_000);
        assertThat(d.fired).as("once").isEqualTo(1);
    }

    @Test
    void trafficPushesTheDeadlineBack() {
        Probe d = new Probe();
        onLoop(() -> wheel.start(d, 1_000));
        advanceTicks(7);
        onLoop(() -> wheel.touch(d));

        firesOnTick(d, 11);
    }

    @Test
    void aStoppedDeadlineNeverFires() {
        Probe d = new Probe();
        onLoop(() -> wheel.start(d, 500));
        onLoop(() -> wheel.stop(d));
        onLoop(() -> wheel.stop(d)); // twice is harmless

        advanceTicks(100);
        assertThat(d.fired).isZero();
        assertThat(onLoop(wheel::size)).isZero();
    }

    @Test
    void aRestartWithAShorterTimeoutIsDueAtTheShorterTime() {
        Probe d = new Probe();
        onLoop(() -> wheel.start(d, 10_000));  // the CONNECT timeout
        advanceTicks(3);
        onLoop(() -> wheel.start(d, 1_500));   // CONNACK with keep-alive 1 s

        firesOnTick(d, 16);
        assertThat(onLoop(wheel::size)).isZero();
    }

    @Test
    void aTimeoutLongerThanOneTurnWaitsOutTheWholeTurns() {
        Probe d = new Probe();
        long ticks = 2_500; // almost two and a half turns of 1,024 slots
        onLoop(() -> wheel.start(d, ticks * DeadlineWheel.TICK_MILLIS));

        firesOnTick(d, ticks + 1);
    }

    @Test
    void aLateTurnCatchesUpWithEveryDeadlineThatFellDue() {
        List<Probe> probes = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            Probe d = new Probe();
            probes.add(d);
            long millis = i * 300L;
            onLoop(() -> wheel.start(d, millis));
        }
        advanceTicks(5_000); // the loop was stuck for longer than a whole turn

        assertThat(probes).allMatch(p -> p.fired == 1);
        assertThat(onLoop(wheel::size)).isZero();
    }

    @Test
    void anExpiryMayStopAnotherDeadlineDueInTheSameTick() {
        // Whichever fires first stops the other, as a take-over closes the older connection.
        Probe[] pair = new Probe[2];
        for (int i = 0; i < 2; i++) {
            int other = 1 - i;
            pair[i] = new Probe() {
                @Override
                void expired() {
                    super.expired();
                    wheel.stop(pair[other]);
                }
            };
        }
        onLoop(() -> {
            wheel.start(pair[0], 1_000);
            wheel.start(pair[1], 1_000);
        });

        advanceTicks(11);
        assertThat(pair[0].fired + pair[1].fired).as("one fired, and it stopped the other").isEqualTo(1);
        assertThat(onLoop(wheel::size)).isZero();
    }

    /** Random starts, touches, stops and clock jumps against a model of when each is due. */
    @Test
    void neverEarlyAndAtMostTwoTicksLateUnderRandomTraffic() {
        Random random = new Random(42);
        List<Probe> probes = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            probes.add(new Probe());
        }
        for (int step = 0; step < 3_000; step++) {
            Probe p = probes.get(random.nextInt(probes.size()));
            int action = random.nextInt(10);
            long now = nowNanos();
            onLoop(() -> {
                if (action < 4) {
                    long millis = DeadlineWheel.TICK_MILLIS * (1 + random.nextInt(200)); // whole ticks, as keep-alives are
                    wheel.start(p, millis);
                    p.running(now, millis);
                } else if (action < 8) {
                    if (p.running) {
                        wheel.touch(p);
                        p.activeAtNanos = now;
                    }
                } else {
                    wheel.stop(p);
                    p.running = false;
                }
            });
            if (random.nextInt(4) == 0) {
                clock.addAndGet(random.nextInt(3) == 0 ? random.nextLong(60 * TICK_NANOS) : random.nextLong(TICK_NANOS));
                turn();
            }
            long t = nowNanos();
            for (Probe q : probes) {
                if (q.firedAtNanos >= 0) {
                    assertThat(q.firedAtNanos - q.activeAtNanos).as("never early").isGreaterThanOrEqualTo(q.timeoutNanos);
                    q.firedAtNanos = -1;
                    q.running = false;
                } else if (q.running && t - q.activeAtNanos >= q.timeoutNanos + 2 * TICK_NANOS) {
                    fail("overdue by more than two ticks: idle " + (t - q.activeAtNanos) + " ns, timeout " + q.timeoutNanos);
                }
            }
        }
        long stillRunning = probes.stream().filter(q -> q.running).count();
        assertThat(onLoop(wheel::size)).isEqualTo((int) stillRunning);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Turns the wheel one tick at a time, as the loop does: {@code d} has not fired through tick
     * {@code tick - 1} from now, fires on tick {@code tick}, and only once.
     */
    private void firesOnTick(Probe d, long tick) {
        for (long t = 1; t < tick; t++) {
            advanceTicks(1);
        }
        assertThat(d.fired).as("fired before tick %d", tick).isZero();
        advanceTicks(1);
        assertThat(d.fired).as("fired on tick %d", tick).isEqualTo(1);
    }

    private void advanceTicks(long ticks) {
        clock.addAndGet(ticks * TICK_NANOS);
        turn();
    }

    private void turn() {
        onLoop(() -> wheel.turnTo(wheel.nowTick()));
    }

    private long nowNanos() {
        return clock.get();
    }

    private void onLoop(Runnable task) {
        loop.submit(task).syncUninterruptibly();
    }

    private <T> T onLoop(Callable<T> task) {
        return loop.submit(task).syncUninterruptibly().getNow();
    }

    private class Probe extends DeadlineWheel.Deadline {
        int fired;
        boolean running;
        long activeAtNanos;
        long timeoutNanos;
        long firedAtNanos = -1;

        void running(long now, long millis) {
            running = true;
            activeAtNanos = now;
            timeoutNanos = millis * 1_000_000;
        }

        @Override
        void expired() {
            fired++;
            firedAtNanos = clock.get();
        }
    }
}
