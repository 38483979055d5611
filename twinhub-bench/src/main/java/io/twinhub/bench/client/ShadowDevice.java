package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.OpenLoopSchedule;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A device keeping its classic shadow up to date: subscribes to its own {@code update/accepted}
 * and {@code update/rejected} (and {@code update/delta} when asked), then publishes reported
 * updates, at most {@link ShadowSettings#window()} awaiting their answer. The client id is the
 * thing id. An answer is matched to its request by client token ({@code d<seq>}); the accepted
 * latency runs from the request's write (open loop: its intended send time) to the answer's read.
 *
 * <p>Answers to an application's desired updates of this thing arrive here too (the hub publishes
 * answers to the topic, so every subscriber gets them): their latency is recorded from the send
 * time in their token, and the application is told so it can send more. A delta caused by a
 * desired update gives the end-to-end latency desired-published → delta-read, and the device
 * reports the desired setpoint back from then on, as a real device applying it would.
 *
 * <p>With versions, each request carries the version it expects (the last accepted version plus
 * the requests still in flight before it). After a rejection (409) the device waits for its
 * window to drain and sends one update without a version to learn the current one from its
 * accepted answer; a real client would get the shadow instead, which costs the hub about the same.
 */
public final class ShadowDevice extends BenchConnection {

    private static final int RING = 16;
    private static final long FREE = Long.MIN_VALUE;

    private final ShadowTopics topics;
    private final byte[] subscribe;
    private final ShadowSettings settings;
    private final SendGate gate;
    private final ShadowTally tally;
    private final List<ShadowApplication> applications;
    private final int qos;
    private final int refillAt;
    private final byte[] scratch = new byte[ShadowJson.MAX_REQUEST];

    private final long[] sendTimes = new long[RING];
    private final long[] sentVersions = new long[RING];
    private long nextSeq;
    private int inflight;
    private int nextPacketId = 1;

    private boolean versionKnown;
    private long nextVersion;
    private long setpoint = ShadowJson.MISSING;

    private OpenLoopSchedule schedule;
    private long issued;
    private boolean phaseActive;
    private boolean timerScheduled;
    private long lastSendNanos = Long.MIN_VALUE / 2;

    // Per read burst.
    private long now;
    private int accepted;
    private int rejected;
    private int acks;
    private boolean freed;
    private ByteBuf replies;

    private final Runnable timerTask = () -> {
        timerScheduled = false;
        if (pump()) {
            ctx.flush();
        }
    };

    public ShadowDevice(ConnectionSetup setup, int index, String thingId, ShadowTopics topics, byte[] subscribe,
                        ShadowSettings settings, SendGate gate, ShadowTally tally, List<ShadowApplication> applications) {
        super(setup, index, thingId);
        this.topics = topics;
        this.subscribe = subscribe;
        this.settings = settings;
        this.gate = gate;
        this.tally = tally;
        this.applications = applications;
        this.qos = settings.qos();
        this.refillAt = Math.max(1, settings.window() / 4);
        Arrays.fill(sendTimes, FREE);
    }

    // ------------------------------------------------------------------ phases (run on the loop)

    public void startPhase(long originNanos) {
        if (settings.openLoop()) {
            schedule = OpenLoopSchedule.forSender(originNanos, settings.ratePerDevice(), index, settings.devices());
        }
        issued = 0;
        phaseActive = true;
        clearBarrier();
        pump();
        ctx.flush();
    }

    /** Stops sending; counts open-loop updates that were due but not sent. */
    public void endPhase() {
        phaseActive = false;
        if (schedule != null) {
            stats.add(Counter.BEHIND, Math.max(0, schedule.dueCount(gate.closedAtNanos()) - issued));
        }
    }

    // ------------------------------------------------------------------ sending

    /** Writes what may go now, without flushing (callers flush); true if it wrote something. */
    private boolean pump() {
        if (!phaseActive || !gate.isOpen() || !isEstablished()) {
            return false;
        }
        boolean wrote = false;
        Channel ch = ctx.channel();
        long t = System.nanoTime();
        int n = allowance(t);
        if (n > 0 && ch.isWritable()) {
            ByteBuf buf = ctx.alloc().directBuffer(n * topics.maxUpdateSize());
            int written = 0;
            while (written < n && writeUpdate(buf, schedule != null ? schedule.intendedNanos(issued) : t)) {
                written++;
            }
            if (written == 0) {
                buf.release();
            } else {
                stats.add(Counter.SENT, written);
                ctx.write(buf, ctx.voidPromise());
                lastSendNanos = t;
                lastWriteNanos = t;
                wrote = true;
            }
        }
        if (schedule != null) {
            wakeWhenDue();
        }
        return wrote;
    }

    /** Updates that may go now: the free window, the version state and (open loop) the schedule. */
    private int allowance(long t) {
        long n = settings.window() - inflight;
        if (settings.withVersions() && !versionKnown) {
            n = inflight == 0 ? 1 : 0; // one unversioned update learns the current version
        }
        if (schedule != null) {
            if (t - lastSendNanos < settings.coalesceNanos()) {
                return 0;
            }
            n = Math.min(n, schedule.dueCount(t) - issued);
        }
        return (int) Math.max(0, n);
    }

    /** Appends one reported update; false when its token's slot still waits for an old answer. */
    private boolean writeUpdate(ByteBuf buf, long stamp) {
        long seq = nextSeq;
        int slot = (int) (seq & (RING - 1));
        if (sendTimes[slot] != FREE) {
            return false;
        }
        nextSeq++;
        long version = ShadowJson.MISSING;
        if (settings.withVersions() && versionKnown) {
            version = nextVersion++;
        }
        sendTimes[slot] = stamp;
        sentVersions[slot] = version;
        inflight++;
        issued++;
        int length = ShadowJson.reported(scratch, seq, setpoint, version);
        int id = 0;
        if (qos > 0) {
            id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
        }
        topics.writeUpdate(buf, qos, id, v5, scratch, length);
        return true;
    }

    private void wakeWhenDue() {
        if (timerScheduled || !phaseActive) {
            return;
        }
        long at = Math.max(schedule.intendedNanos(issued), lastSendNanos + settings.coalesceNanos());
        long delay = at - System.nanoTime();
        if (delay > 0 && inflight < settings.window()) {
            timerScheduled = true;
            ctx.executor().schedule(timerTask, delay, TimeUnit.NANOSECONDS);
        }
        // Due already but the window is full: the next answer wakes us.
    }

    // ------------------------------------------------------------------ receiving

    @Override
    protected void onConnected() {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(subscribe), ctx.voidPromise());
        lastWriteNanos = System.nanoTime();
    }

    @Override
    protected void beforeFrames() {
        now = System.nanoTime();
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        switch (type) {
            case Frames.PUBLISH -> onPublish(flags, buf, body, length);
            case Frames.PUBACK -> acks++;
            case Frames.SUBACK -> onSubAck(buf, body, length);
            default -> { }
        }
    }

    private void onPublish(int flags, ByteBuf buf, int body, int length) {
        int pubQos = (flags >> 1) & 3;
        int end = body + length;
        int topicLength = buf.getUnsignedShort(body);
        int topicStart = body + 2;
        int p = topicStart + topicLength;
        if (pubQos > 0) {
            reply(buf.getUnsignedShort(p)); // answers come at most at QoS 1: we subscribe at 0 or 1
            p += 2;
        }
        if (v5) {
            p = Frames.afterProperties(buf, p);
        }
        ShadowTopics.Answer answer = ShadowTopics.answerOf(buf, topicStart, topicLength);
        int token = ShadowJson.tokenStart(buf, p, end);
        if (answer == ShadowTopics.Answer.OTHER || token < 0) {
            tally.foreignAnswers.increment();
            return;
        }
        byte kind = buf.getByte(token);
        if (kind == ShadowJson.DEVICE_TOKEN) {
            onOwnAnswer(answer, ShadowJson.digits(buf, token + 1, end), buf, p, end);
        } else if (kind == ShadowJson.APPLICATION_TOKEN) {
            onApplicationAnswer(answer, buf, token + 1, p, end);
        } else {
            tally.foreignAnswers.increment();
        }
    }

    private void onOwnAnswer(ShadowTopics.Answer answer, long seq, ByteBuf buf, int from, int to) {
        if (answer == ShadowTopics.Answer.DELTA) {
            onDelta(buf, from, to);
            return;
        }
        int slot = (int) (seq & (RING - 1));
        if (seq == ShadowJson.MISSING || seq >= nextSeq || seq < nextSeq - RING || sendTimes[slot] == FREE) {
            tally.unmatchedAnswers.increment();
            return;
        }
        long t0 = sendTimes[slot];
        sendTimes[slot] = FREE;
        inflight--;
        freed = true;
        if (answer == ShadowTopics.Answer.ACCEPTED) {
            accepted++;
            recorders.record(Latency.Kind.ACK, now - t0);
            if (settings.withVersions() && sentVersions[slot] == ShadowJson.MISSING) {
                long v = ShadowJson.version(buf, from, to);
                if (v != ShadowJson.MISSING) {
                    nextVersion = v;
                    versionKnown = true;
                }
            }
        } else {
            rejected++;
            long code = ShadowJson.code(buf, from, to);
            tally.rejected(ShadowTally.Sender.DEVICE, code);
            if (code == 409) {
                versionKnown = false; // resynchronise once the window has drained
            }
        }
    }

    private void onApplicationAnswer(ShadowTopics.Answer answer, ByteBuf buf, int token, int from, int to) {
        long app = ShadowJson.digits(buf, token, to);
        int dot = ShadowJson.skipDigits(buf, token, to);
        long sentNanos = dot < to && buf.getByte(dot) == '.' ? ShadowJson.digits(buf, dot + 1, to) : ShadowJson.MISSING;
        if (app == ShadowJson.MISSING || app >= applications.size() || sentNanos == ShadowJson.MISSING) {
            tally.foreignAnswers.increment();
            return;
        }
        long latency = now - ShadowJson.EPOCH - sentNanos;
        switch (answer) {
            case ACCEPTED -> {
                recorders.record(Latency.Kind.DESIRED_ACK, latency);
                tally.desiredAccepted.increment();
                applications.get((int) app).answered();
            }
            case REJECTED -> {
                tally.rejected(ShadowTally.Sender.APPLICATION, ShadowJson.code(buf, from, to));
                applications.get((int) app).answered();
            }
            case DELTA -> {
                recorders.record(Latency.Kind.END_TO_END, latency);
                onDelta(buf, from, to);
            }
            default -> { }
        }
    }

    /** A delta: from now on the device reports the desired setpoint, which clears the delta. */
    private void onDelta(ByteBuf buf, int from, int to) {
        tally.deltas.increment();
        long sp = ShadowJson.setpoint(buf, from, to);
        if (sp != ShadowJson.MISSING && sp != setpoint) {
            setpoint = sp;
            tally.setpointsApplied.increment();
        }
    }

    private void reply(int packetId) {
        if (replies == null) {
            replies = ctx.alloc().directBuffer(256);
        }
        Frames.writeAck(replies, Frames.PUBACK, packetId);
    }

    @Override
    protected void afterFrames() {
        if (accepted > 0) {
            stats.add(Counter.CONFIRMED, accepted);
            accepted = 0;
        }
        if (rejected > 0) {
            stats.add(Counter.REJECTED, rejected);
            rejected = 0;
        }
        if (acks > 0) {
            tally.requestAcks.add(acks);
            acks = 0;
        }
    }

    @Override
    protected void afterReadBurst() {
        boolean write = false;
        if (replies != null) {
            ctx.write(replies, ctx.voidPromise());
            replies = null;
            lastWriteNanos = now;
            write = true;
        }
        if (freed) {
            freed = false;
            if (schedule != null || settings.window() - inflight >= refillAt
                    || settings.withVersions() && !versionKnown) {
                write |= pump();
            }
        }
        if (write) {
            ctx.flush();
        }
    }

    @Override
    protected void onWritable() {
        if (pump()) {
            ctx.flush();
        }
    }

    /** Update requests still waiting for their answer (read it on the loop, or once sending stopped). */
    public int inflight() {
        return inflight;
    }

    @Override
    protected void onLost() {
        stats.add(Counter.UNCONFIRMED_LOST, inflight);
    }

    @Override
    public void handlerRemoved0(io.netty.channel.ChannelHandlerContext ctx) {
        if (replies != null) {
            replies.release();
            replies = null;
        }
    }
}
