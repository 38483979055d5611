package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.twinhub.bench.stats.Counter;
import io.twinhub.bench.stats.Latency;
import io.twinhub.bench.stats.LoopRecorders;
import io.twinhub.bench.stats.Stats;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated client: writes a pre-encoded CONNECT when the socket is up, parses what comes
 * back in place ({@link FrameDecoder}) and keeps the connection alive. Subclasses add the role
 * (publisher, subscriber). Everything runs on the channel's event loop.
 *
 * <p>PINGREQ doubles as a drain barrier: MQTT is ordered per connection, so a PINGRESP proves the
 * server has handled every packet written before the PINGREQ. Each PINGREQ remembers a "mark"
 * ({@link #pingMark()}, the publisher's sent count) that its PINGRESP then confirms.
 */
public abstract class BenchConnection extends ByteToMessageDecoder implements FrameSink {

    static final int MAX_PACKET = 1 << 20;
    private static final ByteBuf PINGREQ = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte(Frames.PINGREQ << 4).writeByte(0));
    private static final ByteBuf DISCONNECT = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(2).writeByte(Frames.DISCONNECT << 4).writeByte(0));
    private static final int MAX_PINGS_OUTSTANDING = 16;

    protected final int index;
    protected final String clientId;
    protected final ConnectTemplate connectTemplate;
    protected final Stats stats;
    protected final LoopRegistry registry;
    protected final boolean v5;
    private final int keepAliveSeconds;
    private final long connackTimeoutNanos;
    private final FrameDecoder frames = new FrameDecoder(MAX_PACKET);

    protected ChannelHandlerContext ctx;
    protected LoopRecorders recorders;
    int registryIndex = -1;

    private ConnListener listener;
    private long connectStartNanos;
    private boolean established;
    private boolean settled;
    private boolean closing;
    protected long lastWriteNanos;
    /** A SUBACK granted this connection's subscriptions. */
    private boolean subscribed;

    private final long[] pingMarks = new long[MAX_PINGS_OUTSTANDING];
    private int pingHead;
    private int pingsOutstanding;
    private long lastPingMark = -1;
    private boolean barrierWanted;

    protected BenchConnection(ConnectionSetup setup, int index, String clientId) {
        this.index = index;
        this.clientId = clientId;
        this.connectTemplate = setup.connectTemplate();
        this.stats = setup.stats();
        this.registry = setup.registry();
        this.v5 = setup.v5();
        this.keepAliveSeconds = setup.keepAliveSeconds();
        this.connackTimeoutNanos = TimeUnit.SECONDS.toNanos(setup.connackTimeoutSeconds());
    }

    public int index() {
        return index;
    }

    public String clientId() {
        return clientId;
    }

    /** Set by whoever opens the connection, before connecting. */
    public void listener(ConnListener l) {
        this.listener = l;
    }

    /** Called just before the TCP connect starts: connect latency is measured from here. */
    public void connectStarting() {
        connectStartNanos = System.nanoTime();
        stats.increment(Counter.CONNECT_STARTED);
    }

    /** The TCP connect itself failed (refused, timeout, no local port…). */
    public void connectFailed(Throwable cause) {
        fail(describe(cause));
    }

    /** Runs {@code task} on this connection's event loop; false if it never got a channel. */
    public boolean executeOnLoop(Runnable task) {
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return false;
        }
        c.executor().execute(task);
        return true;
    }

    /** Runs {@code task} once the channel is closed. */
    public void onClosed(Runnable task) {
        ctx.channel().closeFuture().addListener(f -> task.run());
    }

    public boolean isEstablished() {
        return established && !closing;
    }

    // ------------------------------------------------------------------ Netty events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.recorders = stats.recorders(ctx.channel().eventLoop());
        registry.add(this, ctx.executor());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Behind TLS this runs once TCP is up; the TLS layer holds the CONNECT until its handshake is done.
        ctx.writeAndFlush(connectPacket(ctx.alloc()), ctx.voidPromise());
        lastWriteNanos = System.nanoTime();
        ctx.executor().schedule(() -> {
            if (!established) {
                fail("no CONNACK within " + TimeUnit.NANOSECONDS.toSeconds(connackTimeoutNanos) + " s");
                ctx.close();
            }
        }, connackTimeoutNanos, TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        beforeFrames();
        frames.decode(in, this);
        afterFrames();
    }

    @Override
    public void onFrame(int type, int flags, ByteBuf buf, int body, int length) {
        switch (type) {
            case Frames.CONNACK -> onConnAck(buf.getByte(body + 1) & 0xFF);
            case Frames.PINGRESP -> onPingResp();
            case Frames.DISCONNECT -> {
                stats.increment(Counter.SERVER_DISCONNECTS);
                int reason = length > 0 ? buf.getByte(body) & 0xFF : 0;
                stats.failure("server DISCONNECT reason 0x" + Integer.toHexString(reason));
            }
            default -> onPacket(type, flags, buf, body, length);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        afterReadBurst();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            onWritable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        registry.remove(this, ctx.executor());
        if (!established) {
            fail("closed before CONNACK");
        } else if (closing) {
            stats.increment(Counter.DISCONNECTED);
        } else {
            stats.increment(Counter.CONNECTION_LOST);
            onLost();
            if (listener != null) {
                listener.onLost(this);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!established) {
            fail(describe(cause));
        } else if (!closing) {
            stats.failure(describe(cause));
        }
        ctx.close();
    }

    // ------------------------------------------------------------------ role hooks

    /** What the connector installs in the channel's pipeline: this connection, or TLS in front of it. */
    public ChannelHandler channelHandler() {
        return this;
    }

    /** The CONNECT this client sends: the shared template with its client id patched in. */
    protected ByteBuf connectPacket(ByteBufAllocator alloc) {
        ByteBuf connect = alloc.directBuffer(connectTemplate.size());
        connectTemplate.writeTo(connect, clientId);
        return connect;
    }

    /** Every packet other than CONNACK, PINGRESP and DISCONNECT. */
    protected abstract void onPacket(int type, int flags, ByteBuf buf, int body, int length);

    /** CONNACK 0 arrived. Default: the connection is ready. */
    protected void onConnected() {
        ready();
    }

    /** Before / after one batch of frames is parsed (hot-path counters are summed per batch). */
    protected void beforeFrames() { }

    protected void afterFrames() { }

    /** End of a read burst: write what the frames asked for, then flush. */
    protected void afterReadBurst() { }

    protected void onWritable() { }

    protected void onLost() { }

    /** The count a PINGRESP confirms (publishers: PUBLISH packets written so far). */
    protected long pingMark() {
        return 0;
    }

    /** A PINGRESP arrived for a PINGREQ written when {@link #pingMark()} was {@code mark}. */
    protected void onPingConfirmed(long mark) { }

    // ------------------------------------------------------------------ shared behaviour

    private void onConnAck(int returnCode) {
        if (established) {
            return;
        }
        if (returnCode != 0) {
            fail("CONNACK 0x" + Integer.toHexString(returnCode));
            ctx.close();
            return;
        }
        established = true;
        stats.increment(Counter.CONNECTED);
        recorders.record(Latency.Kind.CONNECT, System.nanoTime() - connectStartNanos);
        onConnected();
    }

    /**
     * A SUBACK: any refused subscription fails the connection, else the first one makes it
     * ready (counted once). For roles that subscribe before they start.
     */
    protected final void onSubAck(ByteBuf buf, int body, int length) {
        int p = v5 ? Frames.afterProperties(buf, body + 2) : body + 2;
        for (; p < body + length; p++) {
            int code = buf.getByte(p) & 0xFF;
            if (code >= 0x80) {
                fail("SUBACK 0x" + Integer.toHexString(code));
                ctx.close();
                return;
            }
        }
        if (!subscribed) {
            subscribed = true;
            stats.increment(Counter.SUBSCRIBED);
            ready();
        }
    }

    /** The connection is ready for its role. */
    protected final void ready() {
        if (!settled) {
            settled = true;
            if (listener != null) {
                listener.onReady(this);
            }
        }
    }

    /** The connection could not be made ready. */
    protected final void fail(String reason) {
        if (!settled) {
            settled = true;
            stats.increment(Counter.CONNECT_FAILED);
            stats.failure(reason);
            if (listener != null) {
                listener.onFailed(this, reason);
            }
        }
    }

    /**
     * Writes a PINGREQ (not flushed) that will confirm the current {@link #pingMark()}; false if
     * too many are already outstanding.
     */
    protected final boolean writePing() {
        if (pingsOutstanding == MAX_PINGS_OUTSTANDING || closing) {
            return false;
        }
        long mark = pingMark();
        pingMarks[(pingHead + pingsOutstanding) % MAX_PINGS_OUTSTANDING] = mark;
        pingsOutstanding++;
        lastPingMark = mark;
        ctx.write(PINGREQ.duplicate(), ctx.voidPromise());
        stats.increment(Counter.PINGS);
        return true;
    }

    /** A new phase: the previous barrier is done. */
    protected final void clearBarrier() {
        barrierWanted = false;
    }

    protected final int pingsOutstanding() {
        return pingsOutstanding;
    }

    private void onPingResp() {
        if (pingsOutstanding == 0) {
            return;
        }
        long mark = pingMarks[pingHead];
        pingHead = (pingHead + 1) % MAX_PINGS_OUTSTANDING;
        pingsOutstanding--;
        onPingConfirmed(mark);
        if (barrierWanted && lastPingMark < pingMark()) {
            // The barrier's own PINGREQ could not be written (too many outstanding): write it now.
            barrierPing();
        }
    }

    /** Keep-alive: PINGREQ when nothing was written for half the keep-alive interval. */
    void keepAliveCheck(long nowNanos) {
        if (keepAliveSeconds > 0 && isEstablished()
                && nowNanos - lastWriteNanos > TimeUnit.SECONDS.toNanos(keepAliveSeconds) / 2) {
            if (writePing()) {
                lastWriteNanos = nowNanos;
                ctx.flush();
            }
        }
    }

    /**
     * Makes sure a PINGREQ covering everything written so far goes out, now or as soon as an
     * outstanding one returns; must run on the loop.
     */
    public void barrierPing() {
        barrierWanted = true;
        if (isEstablished() && lastPingMark < pingMark()) {
            if (writePing()) {
                ctx.flush();
            }
        }
    }

    /** DISCONNECT, then close; must run on the loop. Not counted as a lost connection. */
    public void disconnect() {
        if (closing) {
            return;
        }
        closing = true;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(DISCONNECT.duplicate()).addListener(f -> ctx.close());
        } else {
            ctx.close();
        }
    }

    /** Closes without DISCONNECT (used after timeouts). */
    public void abort() {
        closing = true;
        if (ctx != null) {
            ctx.close();
        }
    }

    protected final boolean closing() {
        return closing;
    }

    static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getCause() != c && !(c instanceof IOException)) {
            c = c.getCause();
        }
        String m = String.valueOf(c.getMessage());
        if (c instanceof ConnectException) {
            if (m.contains("refused")) {
                return "connection refused";
            }
            if (m.contains("timed out")) {
                return "connect timed out";
            }
        }
        if (m.contains("Cannot assign requested address")) {
            return "no free local port (EADDRNOTAVAIL)";
        }
        if (m.contains("Too many open files")) {
            return "too many open files (EMFILE)";
        }
        if (m.contains("Connection reset")) {
            return "connection reset";
        }
        int colon = m.lastIndexOf(": ");
        return c.getClass().getSimpleName() + ": " + (colon >= 0 && m.length() > 80 ? m.substring(colon + 2) : m);
    }
}
