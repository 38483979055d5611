package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.twinhub.bench.stats.OpenLoopSchedule;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A back-end application changing the desired state of random devices' shadows on a fixed
 * schedule (open loop): {@code {"state":{"desired":{"setpoint":N}}}}. It subscribes to nothing
 * itself: the hub publishes each answer to the thing's {@code update/accepted} or
 * {@code update/rejected}, where that thing's device connection reads it and calls
 * {@link #answered()}; the send time travels in the client token. At most
 * {@link ShadowSettings#MAX_WINDOW} requests are in flight, the hub's limit per connection.
 */
public final class ShadowApplication extends BenchConnection {

    private final List<ShadowTopics> things;
    private final double rate;
    private final int applications;
    private final long coalesceNanos;
    private final int qos;
    private final SendGate gate;
    private final ShadowTally tally;
    private final AtomicInteger inflight = new AtomicInteger();
    private final byte[] scratch = new byte[ShadowJson.MAX_REQUEST];
    private final int maxUpdateSize;

    private OpenLoopSchedule schedule;
    private long issued;
    private long setpoint;
    private int nextPacketId = 1;
    private boolean phaseActive;
    private boolean timerScheduled;
    private long lastSendNanos = Long.MIN_VALUE / 2;

    private final Runnable pumpTask = this::pump;
    private final Runnable timerTask = () -> {
        timerScheduled = false;
        pump();
    };

    /**
     * @param rate desired updates per second of this application
     * @param applications how many applications share the total rate (to phase-shift schedules)
     */
    public ShadowApplication(ConnectionSetup setup, int index, String clientId, List<ShadowTopics> things,
                             double rate, int applications, int qos, long coalesceNanos, SendGate gate,
                             ShadowTally tally) {
        super(setup, index, clientId);
        this.things = things;
        this.rate = rate;
        this.applications = applications;
        this.qos = qos;
        this.coalesceNanos = coalesceNanos;
        this.gate = gate;
        this.tally = tally;
        this.maxUpdateSize = things.stream().mapToInt(ShadowTopics::maxUpdateSize).max().orElse(0);
    }

    public void startPhase(long originNanos) {
        schedule = OpenLoopSchedule.forSender(originNanos, rate, index, applications);
        issued = 0;
        phaseActive = true;
        clearBarrier();
        pump();
    }

    public void endPhase() {
        phaseActive = false;
        tally.desiredBehind.add(Math.max(0, schedule.dueCount(gate.closedAtNanos()) - issued));
    }

    /** One of this application's requests was answered (called from any event loop). */
    void answered() {
        if (inflight.getAndDecrement() == ShadowSettings.MAX_WINDOW && phaseActive) {
            executeOnLoop(pumpTask);
        }
    }

    private void pump() {
        if (!phaseActive || !gate.isOpen() || !isEstablished() || !ctx.channel().isWritable()) {
            return;
        }
        long t = System.nanoTime();
        if (t - lastSendNanos >= coalesceNanos) {
            long n = Math.min(ShadowSettings.MAX_WINDOW - inflight.get(), schedule.dueCount(t) - issued);
            if (n > 0) {
                ByteBuf buf = ctx.alloc().directBuffer((int) n * maxUpdateSize);
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < n; i++) {
                    int length = ShadowJson.desired(scratch, setpoint++ % 1000, index, schedule.intendedNanos(issued));
                    int id = 0;
                    if (qos > 0) {
                        id = nextPacketId;
                        nextPacketId = id == 65535 ? 1 : id + 1;
                    }
                    inflight.incrementAndGet();
                    things.get(random.nextInt(things.size())).writeUpdate(buf, qos, id, v5, scratch, length);
                    issued++;
                }
                tally.desiredSent.add(n);
                ctx.writeAndFlush(buf, ctx.voidPromise());
                lastSendNanos = t;
                lastWriteNanos = t;
            }
        }
        wakeWhenDue();
    }

    private void wakeWhenDue() {
        if (timerScheduled || !phaseActive || inflight.get() >= ShadowSettings.MAX_WINDOW) {
            return; // a full window: the next answer wakes us
        }
        long at = Math.max(schedule.intendedNanos(issued), lastSendNanos + coalesceNanos);
        long delay = Math.max(1, at - System.nanoTime());
        timerScheduled = true;
        ctx.executor().schedule(timerTask, delay, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        // PUBACKs of our requests only; the answers arrive at the devices.
    }

    @Override
    protected void onWritable() {
        pump();
    }

    @Override
    protected void onLost() {
        tally.desiredLost.add(inflight.get());
    }
}
