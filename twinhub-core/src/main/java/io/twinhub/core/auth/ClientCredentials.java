package io.twinhub.core.auth;

/**
 * What a client presented when it connected: MQTT CONNECT fields and, over mutual TLS, the
 * subject CN of its verified client certificate.
 *
 * @param clientId MQTT client id (never null; may be assigned by the server)
 * @param username MQTT user name, or null
 * @param password MQTT password bytes, or null
 * @param certificateCommonName CN of a client certificate the TLS layer verified, or null
 * @param remoteAddress the peer's IP address as text, for rate limits and logs
 * @param loopbackListener true when the listener the client came through is bound to loopback only
 */
public record ClientCredentials(
        String clientId,
        String username,
        byte[] password,
        String certificateCommonName,
        String remoteAddress,
        boolean loopbackListener) {
}
