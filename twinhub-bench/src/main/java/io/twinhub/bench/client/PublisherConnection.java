package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.OpenLoopSchedule;

import java.util.Arrays;

/**
 * A publisher. Writes PUBLISH packets in batches copied from a template — many per write() —
 * and reads acknowledgements in bulk. Closed loop: as fast as the in-flight window (QoS 1/2) and
 * the socket (QoS 0) allow. Open loop: on a fixed schedule, stamping each message with its
 * intended send time so a slow server shows up as latency.
 *
 * <p>QoS 1/2 packet ids cycle through 1..65535; the send time of each in-flight message sits in a
 * ring indexed by packet id, which is also how a free id is found.
 */
public final class PublisherConnection extends BenchConnection {

    private static final long FREE = Long.MIN_VALUE;
    private static final int MAX_BATCHES_PER_TURN = 4;

    private final PublishTemplate template;
    private final PublisherSettings settings;
    private final SendGate gate;
    private final int qos;
    private final long[] sendTimes;
    private final int mask;
    private final int maxPerBatch;
    private final long progressPingNanos;
    private final int qos0PingEvery;
    /**
     * Closed loop: refill the window only once this much of it is free. Refilling after every ack
     * turns a server that acknowledges one packet per write (Mosquitto) into a ping-pong of
     * single-message writes, where the generator pays a syscall per message.
     */
    private final int refillAt;
    private long nextWindowPing;

    private OpenLoopSchedule schedule;
    private long issued;
    /** Open loop: messages already due but not yet sent when the measured window began. */
    private long lagAtMeasuredStart;
    private int nextId = 1;
    private int inflight;
    private long seq;
    private long sent;
    private long confirmedByPing;
    private long lastPingNanos;
    private long lastSendNanos = Long.MIN_VALUE / 2;
    private boolean pumpScheduled;
    private boolean timerScheduled;
    private boolean phaseActive;

    // Per read burst: what the acknowledgements freed and what we must answer.
    private long now;
    private int acked;
    private boolean freedInBurst;
    private ByteBuf replies;

    private final Runnable pumpTask = this::pump;
    private final Runnable timerTask = () -> {
        timerScheduled = false;
        pump();
    };

    public PublisherConnection(ConnectionSetup setup, int index, String clientId, PublishTemplate template,
                               PublisherSettings settings, SendGate gate) {
        super(setup, index, clientId);
        this.template = template;
        this.settings = settings;
        this.gate = gate;
        this.qos = settings.qos();
        int ring = Integer.highestOneBit(Math.max(1, settings.window()) * 2 - 1) << 1;
        this.sendTimes = new long[Math.min(ring, 65536)];
        Arrays.fill(sendTimes, FREE);
        this.mask = sendTimes.length - 1;
        this.maxPerBatch = Math.max(1, settings.batchBytes() / template.size());
        this.progressPingNanos = settings.progressPingMillis() * 1_000_000L;
        this.qos0PingEvery = Math.max(1, settings.window() / 4);
        this.refillAt = Math.max(1, settings.window() / 4);
    }

    // ------------------------------------------------------------------ phases (run on the loop)

    /** Starts sending for a phase whose schedule begins at {@code originNanos}. */
    public void startPhase(long originNanos) {
        if (settings.openLoop()) {
            schedule = OpenLoopSchedule.forSender(originNanos, settings.ratePerPublisher(), index, settings.publishers());
        }
        issued = 0;
        lagAtMeasuredStart = 0;
        phaseActive = true;
        clearBarrier();
        pump();
    }

    /**
     * Open loop, warm-up running straight into the measured window: marks where the window begins
     * without touching the schedule. What this publisher has written so far counts as the warm-up's,
     * and the backlog it already has is remembered, so that {@link #endPhase} counts only what falls
     * behind from here on (the schedule's due count runs from the warm-up's origin).
     */
    public void markMeasuredStart() {
        stats.add(Counter.SENT_BEFORE_MEASURED, sent);
        if (schedule != null) {
            lagAtMeasuredStart = lag(System.nanoTime());
        }
    }

    /**
     * Ends a phase after the gate closed: counts open-loop messages that were due but never sent
     * (since the measured start, if one was marked), then writes a barrier PINGREQ.
     */
    public void endPhase() {
        phaseActive = false;
        if (schedule != null) {
            long lag = lag(gate.closedAtNanos());
            stats.add(Counter.BEHIND, Math.max(0, lag - lagAtMeasuredStart));
        }
        barrierPing();
    }

    /** Open loop: how many messages due at {@code nanos} this phase has not sent. */
    private long lag(long nanos) {
        return Math.max(0, schedule.dueCount(nanos) - issued);
    }

    // ------------------------------------------------------------------ sending

    private void pump() {
        pumpScheduled = false;
        if (!phaseActive || !gate.isOpen() || !isEstablished()) {
            return;
        }
        Channel ch = ctx.channel();
        long t = System.nanoTime();
        int batches = 0;
        int more = 0;
        while (ch.isWritable()) {
            more = allowance(t);
            if (more == 0 || batches == MAX_BATCHES_PER_TURN) {
                break;
            }
            if (writeBatch(more, t) == 0) {
                more = 0;
                break;
            }
            batches++;
        }
        if (batches > 0) {
            lastSendNanos = t;
            if (qos == 0 && (sent >= nextWindowPing
                    || progressPingNanos > 0 && t - lastPingNanos >= progressPingNanos)) {
                if (writePing()) {
                    lastPingNanos = t;
                    nextWindowPing = sent + qos0PingEvery;
                }
            }
            lastWriteNanos = t;
            ctx.flush();
        }
        if (more > 0 && batches == MAX_BATCHES_PER_TURN && ch.isWritable()) {
            // Let the loop's other connections and its I/O run before this one continues.
            schedulePump();
        } else if (schedule != null && more == 0) {
            wakeWhenDue();
        }
    }

    /**
     * Open loop: when nothing is due, sleep until the next message is. One timer per publisher,
     * so idle devices cost nothing between messages (a shared fine-grained tick visiting every
     * device was the generator's main cost at low per-device rates).
     */
    private void wakeWhenDue() {
        if (timerScheduled || !phaseActive) {
            return;
        }
        long at = Math.max(schedule.intendedNanos(issued), lastSendNanos + settings.coalesceNanos());
        long delay = at - System.nanoTime();
        if (delay > 0) {
            timerScheduled = true;
            ctx.executor().schedule(timerTask, delay, java.util.concurrent.TimeUnit.NANOSECONDS);
        } else if (!heldBackByWindowOrSocket()) {
            // It fell due while this turn ran. With nothing in flight no ack would come to wake us,
            // and the publisher would stay silent for the rest of the run.
            schedulePump();
        }
        // Otherwise due already but not sendable: an ack, a PINGRESP or writability wakes us.
    }

    /** True when the in-flight window, the next packet id's slot or the socket keeps the next message back. */
    private boolean heldBackByWindowOrSocket() {
        if (!ctx.channel().isWritable()) {
            return true;
        }
        if (qos > 0) {
            return inflight >= settings.window() || sendTimes[nextId & mask] != FREE;
        }
        return sent - confirmedByPing >= settings.window();
    }

    private void schedulePump() {
        if (!pumpScheduled) {
            pumpScheduled = true;
            ctx.executor().execute(pumpTask);
        }
    }

    /** How many messages may go now: the batch size, further limited by the window and the schedule. */
    private int allowance(long t) {
        long n = maxPerBatch;
        if (qos > 0) {
            n = Math.min(n, settings.window() - inflight);
        } else {
            // QoS 0 has no acks; PINGRESPs bound what is unconfirmed, or socket buffers (megabytes
            // per connection on loopback) would hold seconds of backlog that the next phase pays for.
            n = Math.min(n, settings.window() - (sent - confirmedByPing));
        }
        if (schedule != null) {
            if (t - lastSendNanos < settings.coalesceNanos()) {
                return 0; // wrote very recently; the timer collects what falls due meanwhile
            }
            n = Math.min(n, schedule.dueCount(t) - issued);
        }
        return (int) Math.max(0, n);
    }

    /** Copies up to {@code n} PUBLISH packets into one buffer and writes it; returns how many. */
    private int writeBatch(int n, long t) {
        ByteBuf buf = ctx.alloc().directBuffer(n * template.size());
        int written = 0;
        for (; written < n; written++) {
            long stamp = schedule != null ? schedule.intendedNanos(issued) : t;
            int id = 0;
            if (qos > 0) {
                id = nextId;
                int slot = id & mask;
                if (sendTimes[slot] != FREE) {
                    break; // an old message still holds this slot; wait for its ack
                }
                sendTimes[slot] = stamp;
                nextId = id == 65535 ? 1 : id + 1;
                inflight++;
            }
            template.writeTo(buf, id, stamp, index, seq++);
            issued++;
        }
        if (written == 0) {
            buf.release();
            return 0;
        }
        sent += written;
        stats.add(Counter.SENT, written);
        ctx.write(buf, ctx.voidPromise());
        return written;
    }

    // ------------------------------------------------------------------ receiving

    @Override
    protected void beforeFrames() {
        now = System.nanoTime();
    }

    @Override
    protected void onPacket(int type, int flags, ByteBuf buf, int body, int length) {
        switch (type) {
            case Frames.PUBACK, Frames.PUBCOMP -> {
                checkReason(buf, body, length);
                complete(buf.getUnsignedShort(body));
            }
            case Frames.PUBREC -> {
                int id = buf.getUnsignedShort(body);
                if (checkReason(buf, body, length)) {
                    if (replies == null) {
                        replies = ctx.alloc().directBuffer(256);
                    }
                    Frames.writeAck(replies, Frames.PUBREL, id);
                } else {
                    complete(id); // a failed PUBREC ends the flow (MQTT 5)
                }
            }
            default -> { }
        }
    }

    /** True unless an MQTT 5 reason code says the server refused the message. */
    private boolean checkReason(ByteBuf buf, int body, int length) {
        if (length > 2 && (buf.getByte(body + 2) & 0xFF) >= 0x80) {
            stats.increment(Counter.ACK_ERRORS);
            return false;
        }
        return true;
    }

    private void complete(int id) {
        int slot = id & mask;
        long t0 = sendTimes[slot];
        if (t0 == FREE) {
            stats.increment(Counter.UNKNOWN_ACKS);
            return;
        }
        sendTimes[slot] = FREE;
        inflight--;
        acked++;
        recorders.record(Latency.Kind.ACK, now - t0);
    }

    @Override
    protected void afterFrames() {
        if (acked > 0) {
            stats.add(Counter.CONFIRMED, acked);
            acked = 0;
            freedInBurst = true;
        }
    }

    @Override
    protected void afterReadBurst() {
        boolean freed = freedInBurst;
        freedInBurst = false;
        if (replies != null) {
            ctx.write(replies, ctx.voidPromise());
            replies = null;
            if (!freed) {
                ctx.flush();
            }
        }
        if (freed && (schedule != null || settings.window() - inflight >= refillAt)) {
            pump();
            ctx.flush();
        } else if (freed) {
            ctx.flush();
        }
    }

    @Override
    protected void onWritable() {
        pump();
    }

    @Override
    protected long pingMark() {
        return sent;
    }

    @Override
    protected void onPingConfirmed(long mark) {
        if (qos == 0 && mark > confirmedByPing) {
            stats.add(Counter.CONFIRMED, mark - confirmedByPing);
            confirmedByPing = mark;
            pump(); // the unconfirmed window has room again
        }
    }

    @Override
    protected void onLost() {
        long confirmed = qos == 0 ? confirmedByPing : sent - inflight;
        stats.add(Counter.UNCONFIRMED_LOST, sent - confirmed);
    }

    @Override
    public void handlerRemoved0(io.netty.channel.ChannelHandlerContext ctx) {
        if (replies != null) {
            replies.release();
            replies = null;
        }
    }
}
