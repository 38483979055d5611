package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One encoded CONNECT (clean session, given keep-alive, optional credentials) whose client
 * identifier is patched per connection. All client ids of a run have the same length, so one
 * template serves every device.
 */
public final class ConnectTemplate {

    private final byte[] bytes;
    private final int idOffset;
    private final int idLength;

    public ConnectTemplate(PacketEncoder encoder, int clientIdLength, int keepAliveSeconds,
                           String username, String password) {
        char[] fill = new char[clientIdLength];
        Arrays.fill(fill, '\u007e'); // '~' never appears in our generated ids
        String placeholder = new String(fill);
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(encoder.version())
                .clientId(placeholder)
                .cleanSession(true)
                .keepAlive(keepAliveSeconds);
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
