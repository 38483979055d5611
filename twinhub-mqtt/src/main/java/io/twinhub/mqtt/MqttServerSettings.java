package io.twinhub.mqtt;

/**
 * Where and how the MQTT listeners run.
 *
 * @param bindAddress address to bind
 * @param port TCP port; 0 picks a free one
 * @param transport {@code auto} (io_uring, else epoll, else NIO), {@code io_uring}, {@code epoll} or {@code nio}
 * @param ioThreads event loops; 0 = one per available core
 * @param connectTimeoutSeconds how long a new socket may take to send CONNECT (including the TLS handshake)
 * @param tls the MQTT-over-TLS listener on the same address, or {@code null} for none
 */
public record MqttServerSettings(String bindAddress, int port, String transport, int ioThreads, int connectTimeoutSeconds,
                                 MqttTlsListener tls) {

    /** Plain MQTT only. */
    public MqttServerSettings(String bindAddress, int port, String transport, int ioThreads, int connectTimeoutSeconds) {
        this(bindAddress, port, transport, ioThreads, connectTimeoutSeconds, null);
    }

    public MqttServerSettings withTls(MqttTlsListener listener) {
        return new MqttServerSettings(bindAddress, port, transport, ioThreads, connectTimeoutSeconds, listener);
    }
}
