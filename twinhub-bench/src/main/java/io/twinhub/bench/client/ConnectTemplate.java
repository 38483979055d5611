package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One encoded CONNECT (clean or persistent session, given keep-alive, optional credentials)
 * whose client identifier is patched per connection. All client ids of a run have the same length, so one
 * template serves every device.
 */
public final class ConnectTemplate {

    private final byte[] bytes;
    private final int idOffset;
    private final int idLength;

    public ConnectTemplate(PacketEncoder encoder, int clientIdLength, int keepAliveSeconds,
                           String username, String password) {
        this(encoder, clientIdLength, keepAliveSeconds, username, password, 0);
    }

    /**
     * @param sessionExpirySeconds 0: a clean session; above 0: a session that outlives the
     *                             connection (MQTT 3.1.1 clean session off; MQTT 5 this expiry)
     */
    public ConnectTemplate(PacketEncoder encoder, int clientIdLength, int keepAliveSeconds,
                           String username, String password, int sessionExpirySeconds) {
        char[] fill = new char[clientIdLength];
        Arrays.fill(fill, '\u007e'); // '~' never appears in our generated ids
        String placeholder = new String(fill);
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(encoder.version())
                .clientId(placeholder)
                .cleanSession(sessionExpirySeconds == 0)
                .keepAlive(keepAliveSeconds);
        if (sessionExpirySeconds > 0 && encoder.version() == MqttVersion.MQTT_5) {
            MqttProperties props = new MqttProperties();
            props.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), sessionExpirySeconds));
            b.properties(props);
        }
        if (username != null) {
            b.hasUser(true).username(username);
        }
        if (password != null) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        MqttConnectMessage connect = b.build();
        this.bytes = encoder.encode(connect);
        this.idOffset = PacketEncoder.indexOf(bytes, placeholder.getBytes(StandardCharsets.US_ASCII));
        this.idLength = clientIdLength;
    }

    /**
     * A clean-session CONNECT of one client with its own credentials (a device's user name and
     * token differ per device, so they cannot share the template).
     */
    public static byte[] encode(PacketEncoder encoder, String clientId, int keepAliveSeconds,
                                String username, String password) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(encoder.version())
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(keepAliveSeconds);
        if (username != null) {
            b.hasUser(true).username(username);
        }
        if (password != null) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        return encoder.encode(b.build());
    }

    /** Writes the CONNECT of {@code clientId} (ASCII, exactly the template's id length). */
    public void writeTo(ByteBuf out, String clientId) {
        if (clientId.length() != idLength) {
            throw new IllegalArgumentException("client id length " + clientId.length() + " != " + idLength);
        }
        int start = out.writerIndex();
        out.writeBytes(bytes);
        out.setCharSequence(start + idOffset, clientId, StandardCharsets.US_ASCII);
    }

    public int size() {
        return bytes.length;
    }
}
