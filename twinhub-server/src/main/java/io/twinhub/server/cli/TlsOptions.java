package io.twinhub.server.cli;

import io.twinhub.server.config.TlsOverrides;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Command-line TLS settings; the rest ({@code reloadSeconds}, ...) are set in the config file. */
public final class TlsOptions {

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Server certificate chain (PEM); turns the TLS listener on.")
    Path certificate;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Server private key (PEM, PKCS#8).")
    Path privateKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate(s) (PEM) client certificates must chain to.")
    Path ca;

    @Option(names = "--tls-client-auth", paramLabel = "MODE",
            description = "Client certificates: none, optional or require (default: none).")
    String clientAuth;

    @Option(names = "--mqtts-port", paramLabel = "N", description = "MQTT over TLS port, 0 = any free port (default: 8883).")
    Integer mqttsPort;

    TlsOverrides toOverrides() {
        return new TlsOverrides(null, mqttsPort, null, certificate, privateKey, ca, clientAuth, null, null);
    }
}
