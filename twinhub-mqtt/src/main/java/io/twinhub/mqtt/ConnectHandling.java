package io.twinhub.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.Principal;
import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.presence.PresenceTopics;
import io.twinhub.core.session.ConnectCallback;
import io.twinhub.core.session.Session;
import io.twinhub.core.session.SessionServices;
import io.twinhub.core.session.Will;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * CONNECT: validation, authentication, the session hand-over and CONNACK. The socket stops
 * reading while the credentials are checked and the session is handed over, so that no packet of
 * this connection runs before it is authenticated and owns its session.
 */
final class ConnectHandling {

    private static final Logger log = LoggerFactory.getLogger(ConnectHandling.class);
    private static final int MQTT_5 = 5;
    /** The channel attribute netty-codec-mqtt keeps the negotiated protocol version in. */
    private static final AttributeKey<MqttVersion> MQTT_VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private ConnectHandling() { }

    static void onConnect(MqttConnection c, MqttConnectMessage msg) {
        if (c.state != MqttConnection.State.AWAITING_CONNECT) {
            c.protocolError("second CONNECT");
            return;
        }
        MqttConnectVariableHeader h = msg.variableHeader();
        MqttConnectPayload p = msg.payload();
        c.v5 = h.version() == MQTT_5;
        BrokerLimits limits = c.broker.limits();
        MqttProperties props = h.properties();

        if (c.broker.metrics().connectionsOpen.get() > limits.maxConnections()) {
            refuse(c, c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "too many connections");
            return;
        }
        if (c.v5 && props.getProperty(MqttProperties.AUTHENTICATION_METHOD) != null) {
            refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "enhanced authentication is not supported");
            return;
        }
        if (h.hasPassword() && !h.hasUserName() && !c.v5) {
            refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, "password without user name");
            return;
        }

        String clientId = p.clientIdentifier();
        boolean assigned = false;
        if (clientId == null || clientId.isEmpty()) {
            if (!c.v5 && !h.isCleanSession()) {
                refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                        "an empty client id needs clean session");
                return;
            }
            clientId = "auto-" + UUID.randomUUID();
            assigned = true;
        }

        if (ByteBufUtil.utf8Bytes(clientId) > limits.maxClientIdLength()) {
            refuse(c, c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, "client identifier too long");
            return;
        }

        long expiry;
        if (c.v5) {
            Integer requested = Properties.intValue(props, MqttProperties.SESSION_EXPIRY_INTERVAL);
            expiry = requested == null ? 0 : Integer.toUnsignedLong(requested);
            Integer receiveMax = Properties.intValue(props, MqttProperties.RECEIVE_MAXIMUM);
            Integer maxPacket = Properties.intValue(props, MqttProperties.MAXIMUM_PACKET_SIZE);
            Integer aliasMax = Properties.intValue(props, MqttProperties.TOPIC_ALIAS_MAXIMUM);
            if ((receiveMax != null && receiveMax == 0) || (maxPacket != null && maxPacket == 0)) {
                refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR, "receive maximum and maximum packet size must not be 0");
                return;
            }
            c.clientReceiveMaximum = receiveMax == null ? 65_535 : receiveMax;
            c.clientMaxPacketSize = maxPacket == null ? Long.MAX_VALUE : Integer.toUnsignedLong(maxPacket);
            c.clientTopicAliasMaximum = aliasMax == null ? 0 : aliasMax;
        } else {
            expiry = h.isCleanSession() ? 0 : SessionServices.NEVER_EXPIRES;
        }
        c.connectExpiryWasZero = expiry == 0;
        boolean expiryCapped = expiry > limits.maxSessionExpirySeconds();
        long grantedExpiry = Math.min(expiry, limits.maxSessionExpirySeconds());

        Will will = null;
        if (h.isWillFlag()) {
            if (!c.broker.topicRules().isValidName(p.willTopic())) {
                if (c.v5) {
                    refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID, "invalid will topic");
                } else {
                    c.close();  // 3.1.1 has no return code for this
                }
                return;
            }
            will = will(c, h, p, clientId);
        }

        int keepAlive = h.keepAliveTimeSeconds();
        int serverKeepAlive = limits.serverKeepAliveSeconds();
        boolean keepAliveChanged = false;
        if (c.v5 && serverKeepAlive > 0 && (keepAlive == 0 || keepAlive > serverKeepAlive)) {
            keepAlive = serverKeepAlive;
            keepAliveChanged = true;
        }

        c.clientId = clientId;
        c.state = MqttConnection.State.CONNECTING;
        Granted granted = new Granted(assigned, grantedExpiry, expiryCapped, keepAlive, keepAliveChanged, will);
        boolean cleanStart = h.isCleanSession();
        ClientCredentials credentials = new ClientCredentials(clientId,
                h.hasUserName() ? p.userName() : null,
                h.hasPassword() ? p.passwordInBytes() : null,
                PeerCertificates.commonName(c.ctx.channel()),
                remoteAddress(c),
                c.loopbackListener);
        // Authentication may take a slow hash check on another thread. Nothing of this connection
        // runs meanwhile: packets that arrive wait in the held-back queue, and reading stops.
        CompletionStage<AuthOutcome> outcome;
        try {
            outcome = c.authenticator.authenticate(credentials);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        outcome.whenComplete((o, error) -> c.commits.onLoop(() -> authenticated(c, o, error, cleanStart, granted)));
    }

    /** On the connection's loop, once the credentials were checked: refuse, or hand the session over. */
    private static void authenticated(MqttConnection c, AuthOutcome outcome, Throwable error, boolean cleanStart,
                                      Granted granted) {
        if (c.state != MqttConnection.State.CONNECTING || !c.ctx.channel().isActive()) {
            return;  // the socket closed while the credentials were being checked
        }
        if (error != null || outcome == null) {
            log.warn("authentication of {} failed: {}", c.clientId, String.valueOf(error));
            outcome = new AuthOutcome.Refused(AuthOutcome.Reason.UNAVAILABLE, "credentials cannot be checked now");
        }
        if (outcome instanceof AuthOutcome.Refused r) {
            c.resumeReadingAfterConnect();  // drain what the client still sends while closing
            refuse(c, refusalCode(r.reason(), c.v5), r.message());
            return;
        }
        Principal principal = ((AuthOutcome.Accepted) outcome).principal();
        if (granted.will != null && !mayBeWill(principal, granted.will.message().topic())) {
            c.resumeReadingAfterConnect();
            refuse(c, c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, "not authorized to publish the will topic");
            return;
        }
        c.principal = principal;
        if (principal.kind() == Principal.Kind.DEVICE) {
            // Online from here, before the session hand-over: a take-over closes the device's
            // previous connection during the hand-over, and counting this one first means that
            // close never drops the device to offline. The connection's end (whatever the
            // outcome of the hand-over) counts it off again.
            c.presenceId = principal.name();
            c.broker.presence().connected(c.presenceId);
        }
        c.broker.registry().connect(c.clientId, cleanStart, c, new Attach(c, granted));
    }

    /**
     * A will is published for the client, so it must be a topic the client may publish to; and
     * never a presence topic, which is the hub's alone (a device's will there would announce it
     * with a document the hub did not write).
     */
    private static boolean mayBeWill(Principal principal, String topic) {
        return principal.permissions().mayPublish(topic) && PresenceTopics.presenceDevice(topic) == null;
    }

    /** The CONNACK code for a refused authentication, per protocol version (docs/SECURITY.md). */
    static MqttConnectReturnCode refusalCode(AuthOutcome.Reason reason, boolean v5) {
        return switch (reason) {
            case BAD_CREDENTIALS -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
            case NOT_AUTHORIZED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case RATE_LIMITED -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
            case UNAVAILABLE -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
        };
    }

    private static String remoteAddress(MqttConnection c) {
        SocketAddress a = c.ctx.channel().remoteAddress();
        if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(a);
    }

    private static Will will(MqttConnection c, MqttConnectVariableHeader h, MqttConnectPayload p, String clientId) {
        MqttProperties wp = c.v5 ? p.willProperties() : null;
        long delay = 0;
        long expirySeconds = -1;
        if (wp != null) {
            Integer d = Properties.intValue(wp, MqttProperties.WILL_DELAY_INTERVAL);
            delay = d == null ? 0 : Integer.toUnsignedLong(d);
            Integer e = Properties.intValue(wp, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
            expirySeconds = e == null ? -1 : Integer.toUnsignedLong(e);
        }
        byte[] body = p.willMessageInBytes() == null ? new byte[0] : p.willMessageInBytes();
        Message m = new Message(p.willTopic(), h.willQos(), h.isWillRetain(), new BytesPayload(body),
                wp == null ? null : Properties.toMessageProperties(wp), Message.NO_EXPIRY, clientId);
        return new Will(m, delay, expirySeconds);
    }

    /** What the broker granted this connection, sent back in CONNACK. */
    private record Granted(boolean assignedId, long expiry, boolean expiryCapped, int keepAlive,
                           boolean keepAliveChanged, Will will) { }

    /** Finishes the connect on the connection's loop once the session is ours. */
    private record Attach(MqttConnection c, Granted g) implements ConnectCallback {

        @Override
        public void attached(Session session, boolean sessionPresent) {
            int generation = session.generation();
            session.saveBeforeConnAck(g.expiry, g.will, error -> c.commits.onLoop(
                    () -> complete(session, sessionPresent, generation, error)));
        }

        /** On the connection's loop, once the session record is durable (or nothing had to be written). */
        private void complete(Session session, boolean sessionPresent, int generation, Throwable error) {
            if (session.generation() != generation || !session.owner().inLoop()) {
                c.close();  // a newer connect with this client id took the session meanwhile
                return;
            }
            if (c.state != MqttConnection.State.CONNECTING || !c.ctx.channel().isActive()) {
                // The socket closed while the session was being handed over.
                c.session = session;
                session.attach(c, g.expiry, null);
                session.connectionLost(true);
                return;
            }
            if (error != null) {
                c.session = session;
                session.attach(c, g.expiry, null);
                session.connectionLost(true);
                refuse(c, c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                        : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, "session could not be stored");
                return;
            }
            c.session = session;
            c.state = MqttConnection.State.CONNECTED;
            c.write(Replies.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, sessionPresent, connAckProperties()));
            c.broker.metrics().connectsAccepted.increment();
            if (g.keepAlive > 0) {
                c.wheel.start(c.idle, g.keepAlive * 1500L);
            } else {
                c.wheel.stop(c.idle);
            }
            session.attach(c, g.expiry, g.will);
            c.replayHeldBack();
            c.flush();
            c.resumeReadingAfterConnect();
        }

        @Override
        public void superseded() {
            c.close();
        }

        private MqttProperties connAckProperties() {
            if (!c.v5) {
                return MqttProperties.NO_PROPERTIES;
            }
            BrokerLimits limits = c.broker.limits();
            MqttProperties p = new MqttProperties();
            if (g.assignedId) {
                p.add(new MqttProperties.StringProperty(MqttProperties.ASSIGNED_CLIENT_IDENTIFIER, c.clientId));
            }
            if (g.expiryCapped) {
                p.add(new MqttProperties.IntegerProperty(MqttProperties.SESSION_EXPIRY_INTERVAL, (int) g.expiry));
            }
            if (g.keepAliveChanged) {
                p.add(new MqttProperties.IntegerProperty(MqttProperties.SERVER_KEEP_ALIVE, g.keepAlive));
            }
            p.add(new MqttProperties.IntegerProperty(MqttProperties.RECEIVE_MAXIMUM, limits.receiveMaximum()));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.MAXIMUM_PACKET_SIZE, limits.maxPacketSize()));
            p.add(new MqttProperties.IntegerProperty(MqttProperties.TOPIC_ALIAS_MAXIMUM, limits.topicAliasMaximum()));
            // Retain, wildcards, subscription identifiers and shared subscriptions are all
            // available and QoS 2 is supported: the specification's defaults, so not repeated.
            return p;
        }
    }

    /** A CONNECT the decoder could not accept: answer with the matching CONNACK code and close. */
    static void onMalformedConnect(MqttConnection c, Throwable cause) {
        log.debug("malformed CONNECT: {}", String.valueOf(cause));
        // The codec records the protocol level before it rejects the rest of a CONNECT.
        c.v5 = c.ctx.channel().attr(MQTT_VERSION).get() == MqttVersion.MQTT_5;
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            refuse(c, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION, null);
        } else if (cause instanceof MqttIdentifierRejectedException) {
            refuse(c, c.v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED, null);
        } else {
            c.close();
        }
    }

    static void refuse(MqttConnection c, MqttConnectReturnCode code, String reason) {
        c.broker.metrics().connectsRejected.increment();
        log.debug("refused CONNECT from {}: {} {}", c.ctx.channel().remoteAddress(), code, reason);
        MqttProperties props = c.v5 && reason != null ? Properties.reasonString(reason) : MqttProperties.NO_PROPERTIES;
        c.sendLastPacket(Replies.connAck(code, false, props));
    }
}
