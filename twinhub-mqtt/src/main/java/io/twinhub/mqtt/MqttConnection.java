package io.twinhub.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.util.ReferenceCountUtil;
import io.twinhub.core.Broker;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.Principal;
import io.twinhub.core.session.Delivery;
import io.twinhub.core.session.Session;
import io.twinhub.core.session.SessionConnection;
import io.twinhub.core.session.SessionLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One client's MQTT connection: the last handler of its pipeline and the session's view of the
 * network. Everything here runs on the channel's event loop, which also owns the session while
 * it is attached, so connection and session state need no locks.
 *
 * <p>Each packet type is handled by its own small class; this one keeps the per-connection state
 * they share and the rules for closing.
 */
final class MqttConnection extends ChannelInboundHandlerAdapter implements SessionConnection {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    enum State { AWAITING_CONNECT, CONNECTING, CONNECTED, CLOSED }

    /** How long a closing connection keeps reading after its last packet was sent. */
    private static final long LINGER_MILLIS = 2_000;
    /** Room for 64 acknowledgements before the buffer has to grow. */
    private static final int ACK_BUFFER_BYTES = 64 * 5;

    final Broker broker;
    final MqttServerSettings settings;
    final Authenticator authenticator;
    /** The listener is bound to loopback only: anonymous clients may be allowed for that alone. */
    final boolean loopbackListener;
    ChannelHandlerContext ctx;
    SessionLoop loop;
    State state = State.AWAITING_CONNECT;
    boolean v5;
    String clientId;
    Session session;
    /** Who the client is, from CONNECT on; its permissions are checked on every PUBLISH and SUBSCRIBE. */
    Principal principal;
    /** The checks of the last PUBLISH topic; the principal is fixed from CONNECT on, so they hold. */
    PublishTopic lastPublishTopic;
    /** The device id whose presence this connection holds (a device's connection), else null. */
    String presenceId;

    // What the client announced in CONNECT (MQTT 5 properties; 3.1.1 gets the defaults).
    int clientReceiveMaximum = 65_535;
    long clientMaxPacketSize = Long.MAX_VALUE;
    int clientTopicAliasMaximum;
    boolean connectExpiryWasZero;

    final TopicAliases aliases = new TopicAliases();
    PendingCommits commits;
    /** Requests to hub services (shadows) sent and not answered yet. */
    int requestsInFlight;
    private final Runnable flushTask = this::flushIfScheduled;
    private boolean inReadBurst;
    private boolean flushScheduled;
    private final OutboundPublishes outbound = new OutboundPublishes(this);
    private final ArrayDeque<MqttMessage> heldBack = new ArrayDeque<>(0);
    private boolean flushPending;
    /** Acknowledgements written since the last emit; see {@link #writeAck}. */
    private ByteBuf acks;
    /** Inbound PUBLISH count and payload bytes of this read burst, added to the metrics at its end. */
    long publishesIn;
    long bytesIn;
    private boolean normalDisconnect;
    /** Closed because nothing arrived for 1.5 × the keep-alive: the client was not heard at the end. */
    private boolean keepAliveExpired;
    /** The CONNECT timeout, then 1.5 × the keep-alive, on the loop's wheel. */
    DeadlineWheel wheel;
    final DeadlineWheel.Deadline idle = new DeadlineWheel.Deadline() {
        @Override
        void expired() {
            onIdle();
        }
    };
    /** A packet arrived in this read burst: the idle time starts again at its end. */
    private boolean heard;
    /** Reading was turned off because packets came before CONNACK; see {@link #holdBack}. */
    boolean readPausedForConnect;

    MqttConnection(Broker broker, MqttServerSettings settings, Authenticator authenticator, boolean loopbackListener) {
        this.broker = broker;
        this.settings = settings;
        this.authenticator = authenticator;
        this.loopbackListener = loopbackListener;
    }

    // ---------------------------------------------------------------- Netty events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.loop = new NettyLoop(ctx.channel().eventLoop());
        this.commits = new PendingCommits(ctx, Math.max(16, broker.limits().receiveMaximum()));
        this.wheel = DeadlineWheel.of(ctx.executor());
        if (settings.connectTimeoutSeconds() > 0) {
            wheel.start(idle, TimeUnit.SECONDS.toMillis(settings.connectTimeoutSeconds()));
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        broker.metrics().connectionsOpen.incrementAndGet();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        MqttMessage m = (MqttMessage) msg;
        inReadBurst = true;
        heard = true;
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (m.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            onMalformed(m.decoderResult().cause());
            return;
        }
        MqttMessageType type = m.fixedHeader().messageType();
        if (state == State.CONNECTING) {
            holdBack(m);
            return;
        }
        if (state == State.AWAITING_CONNECT && type != MqttMessageType.CONNECT) {
            ReferenceCountUtil.release(msg);
            protocolError("first packet must be CONNECT");
            return;
        }
        switch (type) {
            case CONNECT -> ConnectHandling.onConnect(this, (MqttConnectMessage) m);
            case PUBLISH -> InboundPublishes.onPublish(this, (MqttPublishMessage) m);
            case PUBACK -> session.onPuback(packetId(m));
            case PUBREC -> onPubrec(m);
            case PUBREL -> InboundPublishes.onPubrel(this, packetId(m));
            case PUBCOMP -> session.onPubcomp(packetId(m));
            case SUBSCRIBE -> Subscriptions.onSubscribe(this, (MqttSubscribeMessage) m);
            case UNSUBSCRIBE -> Subscriptions.onUnsubscribe(this, (MqttUnsubscribeMessage) m);
            case PINGREQ -> write(Replies.PINGRESP);
            case DISCONNECT -> onDisconnect(m);
            case AUTH -> protocolError("enhanced authentication is not supported");
            default -> protocolError("unexpected packet " + type);
        }
    }

    /**
     * A client may send packets right after CONNECT; they wait until it is authenticated and the
     * session is ours, and the socket is not read meanwhile, so a client cannot pile up packets
     * while a slow credential check runs. Reading is turned off only when that happens: toggling
     * it costs two system calls, and most clients wait for CONNACK.
     */
    private void holdBack(MqttMessage m) {
        heldBack.add(m);
        if (!readPausedForConnect) {
            readPausedForConnect = true;
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** Reading on again after CONNECT was answered, if {@link #holdBack} turned it off. */
    void resumeReadingAfterConnect() {
        if (readPausedForConnect) {
            readPausedForConnect = false;
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        inReadBurst = false;
        if (heard) {
            heard = false;
            wheel.touch(idle);
        }
        countInbound();
        if (presenceId != null) {
            broker.presence().seen(presenceId, System.currentTimeMillis() / 1000);
        }
        if (flushPending) {
            flushPending = false;
            emitAcks();
            ctx.flush();
        }
    }

    /** Adds this burst's inbound counts to the shared counters: once per burst, not per message. */
    private void countInbound() {
        if (publishesIn > 0) {
            broker.metrics().publishesReceived.add(publishesIn);
            broker.metrics().bytesReceived.add(bytesIn);
            publishesIn = 0;
            bytesIn = 0;
        }
    }

    /** Nothing arrived in time: no CONNECT within the connect timeout, or nothing for 1.5 × the keep-alive. */
    private void onIdle() {
        if (state == State.CONNECTED) {
            log.debug("{}: keep-alive expired", clientId);
            keepAliveExpired = true;
            disconnect(ReasonCodes.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
        } else {
            close();
        }
    }

    /** Runs the packets that arrived while the session was being handed over, in order. */
    void replayHeldBack() {
        boolean wasInReadBurst = inReadBurst;
        for (MqttMessage m; (m = heldBack.poll()) != null; ) {
            channelRead(ctx, m);
        }
        inReadBurst = wasInReadBurst; // the replay is no read burst of its own: nothing would end it
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broker.metrics().connectionsOpen.decrementAndGet();
        wheel.stop(idle);
        countInbound();
        if (presenceId != null) {
            if (keepAliveExpired) {
                broker.presence().keepAliveExpired(presenceId);
            } else {
                broker.presence().disconnected(presenceId);
            }
            presenceId = null;
        }
        state = State.CLOSED;
        if (acks != null) {
            acks.release();
            acks = null;
        }
        for (MqttMessage m; (m = heldBack.poll()) != null; ) {
            ReferenceCountUtil.release(m);
        }
        if (session != null && session.isAttachedTo(this)) {
            session.connectionLost(normalDisconnect);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            onMalformed(cause);
        } else {
            log.debug("{}: connection error: {}", clientId, cause.toString());
            close();
        }
    }

    // ---------------------------------------------------------------- packets handled here

    private void onPubrec(MqttMessage m) {
        int id = packetId(m);
        if (!session.onPubrec(id) && v5) {
            write(Replies.pubRel(true, id, ReasonCodes.PACKET_ID_NOT_FOUND));
        }
    }

    private void onDisconnect(MqttMessage m) {
        byte reason = ReasonCodes.SUCCESS;
        if (v5 && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            reason = h.reasonCode();
            Integer expiry = Properties.intValue(h.properties(), io.netty.handler.codec.mqtt.MqttProperties.SESSION_EXPIRY_INTERVAL);
            if (expiry != null) {
                if (connectExpiryWasZero && expiry != 0) {
                    protocolError("session expiry cannot be set on DISCONNECT when CONNECT had 0");
                    return;
                }
                session.setExpirySeconds(Math.min(Integer.toUnsignedLong(expiry), broker.limits().maxSessionExpirySeconds()));
            }
        }
        normalDisconnect = reason != ReasonCodes.DISCONNECT_WITH_WILL;
        close();
    }

    private static int packetId(MqttMessage m) {
        Object h = m.variableHeader();
        if (h instanceof MqttPubReplyMessageVariableHeader r) {
            return r.messageId();
        }
        return ((MqttMessageIdVariableHeader) h).messageId();
    }

    private void onMalformed(Throwable cause) {
        broker.metrics().protocolErrors.increment();
        if (state == State.AWAITING_CONNECT) {
            ConnectHandling.onMalformedConnect(this, cause);
            return;
        }
        log.debug("{}: malformed packet: {}", clientId, cause == null ? "?" : cause.toString());
        boolean tooLarge = cause instanceof TooLongFrameException
                || (cause != null && cause.getCause() instanceof TooLongFrameException);
        if (tooLarge) {
            disconnect(ReasonCodes.PACKET_TOO_LARGE, "packet too large");
        } else if (isInvalidTopicName(cause)) {
            // The codec checks topic names itself (wildcards); 5.0 has a reason code for that.
            disconnect(ReasonCodes.TOPIC_NAME_INVALID, "invalid topic name");
        } else {
            disconnect(ReasonCodes.MALFORMED_PACKET, "malformed packet");
        }
    }

    private static boolean isInvalidTopicName(Throwable cause) {
        String message = cause == null ? null : cause.getMessage();
        return message != null && message.startsWith("invalid publish topic name");
    }

    // ---------------------------------------------------------------- closing

    /** Closes after a protocol violation: DISCONNECT 0x82 in 5.0, just the socket in 3.1.1. */
    void protocolError(String reason) {
        broker.metrics().protocolErrors.increment();
        log.debug("{}: protocol error: {}", clientId, reason);
        disconnect(ReasonCodes.PROTOCOL_ERROR, reason);
    }

    /** Ends the connection, telling an MQTT 5 client why. */
    void disconnect(byte reason, String reasonString) {
        if (state == State.CLOSED) {
            return;
        }
        if (v5 && state == State.CONNECTED) {
            if (session != null && session.isAttachedTo(this)) {
                session.connectionLost(false);
            }
            sendLastPacket(Replies.disconnect(reason, reasonString));
        } else {
            close();
        }
    }

    /**
     * Sends a final packet (DISCONNECT, or a refusing CONNACK), then closes our side only and
     * keeps discarding what the client still sends for a moment. Closing at once would reset a
     * connection with unread data, and a busy client would never read why it was closed.
     */
    void sendLastPacket(Object packet) {
        state = State.CLOSED;
        emitAcks();
        ctx.writeAndFlush(packet).addListener(f -> {
            if (ctx.channel() instanceof DuplexChannel duplex && duplex.isActive()) {
                duplex.shutdownOutput();
                ctx.executor().schedule((Runnable) ctx::close, LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ctx.close();
            }
        });
    }

    /**
     * Closes now. Reading is not turned off first: the socket is closed within this call (what a
     * TLS close still reads is dropped, the state being CLOSED), and turning it off would cost a
     * system call per connection.
     */
    void close() {
        state = State.CLOSED;
        emitAcks();
        ctx.flush();
        ctx.close();
    }

    // ---------------------------------------------------------------- writing

    /** Queues a packet; the flush happens once per read burst or explicitly. */
    void write(Object packet) {
        emitAcks();
        ctx.write(packet, ctx.voidPromise());
        flushPending = true;
    }

    /**
     * Queues a PUBACK, PUBREC or PUBCOMP without properties. They are the most frequent packets
     * a publisher gets, so they skip the MQTT encoder: each is 4 or 5 bytes appended to one
     * buffer, which goes out as one write before anything else is written or flushed.
     *
     * @param firstByte the fixed header's first byte (type and flags)
     */
    void writeAck(int firstByte, int packetId, byte reason) {
        if (state == State.CLOSED) {
            return;
        }
        if (acks == null) {
            acks = ctx.alloc().ioBuffer(ACK_BUFFER_BYTES);
        }
        if (v5 && reason != ReasonCodes.SUCCESS) {
            acks.writeByte(firstByte).writeByte(3).writeShort(packetId).writeByte(reason);
        } else {
            acks.writeByte(firstByte).writeByte(2).writeShort(packetId); // 5.0: no reason means success
        }
        if (inReadBurst) {
            flushPending = true;
        } else if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void emitAcks() {
        ByteBuf pending = acks;
        if (pending != null) {
            acks = null;
            ctx.write(pending, ctx.voidPromise());
        }
    }

    /**
     * Writes a packet from outside a read burst (a store completion): one flush, queued behind
     * the completions already waiting, sends all their packets together.
     */
    void writeSoon(Object packet) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(packet);
            return;
        }
        if (inReadBurst) {
            write(packet);
            return;
        }
        emitAcks();
        ctx.write(packet, ctx.voidPromise());
        if (!flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(flushTask);
        }
    }

    private void flushIfScheduled() {
        flushScheduled = false;
        emitAcks();
        ctx.flush();
    }

    // ---------------------------------------------------------------- SessionConnection

    @Override public SessionLoop loop() { return loop; }

    /**
     * Whether more can be written now. Above the high-water mark it first flushes what is
     * pending, since unflushed bytes count too and the socket may well take them.
     */
    @Override
    public boolean isWritable() {
        if (ctx.channel().isWritable()) {
            return true;
        }
        flushPending = false;
        emitAcks();
        ctx.flush();
        return ctx.channel().isWritable();
    }

    @Override public int clientReceiveMaximum() { return clientReceiveMaximum; }

    @Override
    public boolean writePublish(Delivery delivery, int packetId, boolean dup) {
        return outbound.write(delivery, packetId, dup);
    }

    @Override
    public void writePubrel(int packetId) {
        write(Replies.pubRel(v5, packetId, ReasonCodes.SUCCESS));
    }

    /**
     * Within a read burst (PUBACKs from a subscriber that free its window, say) the flush waits
     * for the end of the burst, so a burst of acknowledgements costs one socket write, not one each.
     */
    @Override
    public void flush() {
        if (inReadBurst) {
            flushPending = true;
            return;
        }
        flushPending = false;
        emitAcks();
        ctx.flush();
    }

    @Override
    public void closeTakenOver() {
        if (state == State.CLOSED) {
            return;
        }
        if (v5) {
            sendLastPacket(Replies.disconnect(ReasonCodes.SESSION_TAKEN_OVER, "session taken over"));
        } else {
            close();
        }
    }
}
