package io.twinhub.mqtt;

/**
 * Where and how the MQTT listener runs.
 *
 * @param bindAddress address to bind
 * @param port TCP port; 0 picks a free one
 * @param transport {@code auto} (io_uring, else epoll, else NIO), {@code io_uring}, {@code epoll} or {@code nio}
 * @param ioThreads event loops; 0 = one per available core
 * @param connectTimeoutSeconds how long a new socket may take to send CONNECT
 */
public record MqttServerSettings(String bindAddress, int port, String transport, int ioThreads, int connectTimeoutSeconds) {
}
