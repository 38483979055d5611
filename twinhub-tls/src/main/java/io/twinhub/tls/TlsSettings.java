package io.twinhub.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a TLS listener serves. Protocols are always TLS 1.2 and 1.3 ({@link #PROTOCOLS}); older ones are
 * not offered.
 *
 * @param certificateChain PEM file: the server certificate first, then any intermediates
 * @param privateKey PEM file: the server's private key, unencrypted PKCS#8 ({@code BEGIN PRIVATE KEY});
 *                   PKCS#1 RSA and SEC1 EC keys are accepted too
 * @param trustedCa PEM file of the CA certificates client certificates must chain to; {@code null} if none
 * @param clientAuth whether clients are asked for a certificate
 * @param reloadInterval how often the files are checked for changes; zero turns reloading off
 * @param alpnProtocols application protocols offered through ALPN, most preferred first; empty for none
 */
public record TlsSettings(
        Path certificateChain,
        Path privateKey,
        Path trustedCa,
        ClientAuthMode clientAuth,
        Duration reloadInterval,
        List<String> alpnProtocols) {

    /** The only protocol versions offered. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(60);
    /** ALPN for an HTTPS listener: HTTP/2 preferred, HTTP/1.1 as well. */
    public static final List<String> ALPN_HTTP = List.of("h2", "http/1.1");

    public TlsSettings {
        if (certificateChain == null || privateKey == null) {
            throw new IllegalArgumentException("TLS needs both a certificate file and a private key file");
        }
        clientAuth = clientAuth == null ? ClientAuthMode.NONE : clientAuth;
        if (clientAuth != ClientAuthMode.NONE && trustedCa == null) {
            throw new IllegalArgumentException("client auth '" + clientAuth.configName()
                    + "' needs a CA file to check client certificates against");
        }
        reloadInterval = reloadInterval == null ? DEFAULT_RELOAD_INTERVAL : reloadInterval;
        if (reloadInterval.isNegative()) {
            throw new IllegalArgumentException("reload interval must not be negative, got " + reloadInterval);
        }
        alpnProtocols = alpnProtocols == null ? List.of() : List.copyOf(alpnProtocols);
    }

    /** A server certificate and key, no client certificates, default reload interval, no ALPN. */
    public static TlsSettings of(Path certificateChain, Path privateKey) {
        return new TlsSettings(certificateChain, privateKey, null, ClientAuthMode.NONE, DEFAULT_RELOAD_INTERVAL, List.of());
    }

    public TlsSettings withClientAuth(ClientAuthMode mode, Path ca) {
        return new TlsSettings(certificateChain, privateKey, ca, mode, reloadInterval, alpnProtocols);
    }

    public TlsSettings withReloadInterval(Duration interval) {
        return new TlsSettings(certificateChain, privateKey, trustedCa, clientAuth, interval, alpnProtocols);
    }

    /** The same files with other ALPN protocols: HTTP wants {@code h2, http/1.1}, MQTT none or {@code mqtt}. */
    public TlsSettings withAlpn(List<String> protocols) {
        return new TlsSettings(certificateChain, privateKey, trustedCa, clientAuth, reloadInterval, protocols);
    }

    /** The files this context is made from, for change detection. */
    List<Path> files() {
        return trustedCa == null ? List.of(certificateChain, privateKey) : List.of(certificateChain, privateKey, trustedCa);
    }
}
