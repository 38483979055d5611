package io.twinhub.mqtt;

import io.netty.handler.ssl.SslContext;

import java.util.function.Supplier;

/**
 * The MQTT-over-TLS listener: same event loops and MQTT pipeline as the plain one, behind TLS.
 *
 * @param port TCP port (8883 by convention); 0 picks a free one
 * @param contexts the server context for each new connection, asked at accept time so that a
 *                 reloaded certificate applies to new connections only
 * @param handshakeTimeoutSeconds how long a client may take to complete the TLS handshake
 */
public record MqttTlsListener(int port, Supplier<SslContext> contexts, int handshakeTimeoutSeconds) {

    public static final int DEFAULT_PORT = 8883;
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    public MqttTlsListener {
        if (contexts == null) {
            throw new IllegalArgumentException("a TLS listener needs a source of TLS contexts");
        }
        if (handshakeTimeoutSeconds < 1) {
            throw new IllegalArgumentException("handshake timeout must be at least 1 s, got " + handshakeTimeoutSeconds);
        }
    }
}
