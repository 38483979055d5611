package io.twinhub.it.tls;

import io.twinhub.core.auth.AccessRules;
import io.twinhub.it.TempDirs;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import io.twinhub.tls.DevCertificates;
import io.twinhub.tls.IssuedCertificate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real node with an MQTT-over-TLS listener on an ephemeral loopback port, and a development CA
 * in a temporary directory: the server certificate ({@code server.pem}/{@code server.key}) is issued
 * for localhost and 127.0.0.1, and tests issue client certificates from the same CA.
 */
final class TlsNode implements BeforeEachCallback, AfterEachCallback {

    private final String clientAuth;
    private final int reloadSeconds;
    private DevCertificates ca;
    private Path dir;
    private IssuedCertificate server;
    private TwinhubNode node;

    /** @param clientAuth {@code none}, {@code optional} or {@code require} */
    TlsNode(String clientAuth, int reloadSeconds) {
        this.clientAuth = clientAuth;
        this.reloadSeconds = reloadSeconds;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("twinhub-tls-it");
        ca = DevCertificates.newAuthority("twinhub test CA", Duration.ofDays(2));
        ca.authority().writePem(caFile(), dir.resolve("ca.key"));
        server = renewServerCertificate();
        NodeConfig.Tls tls = NodeConfig.Tls.off()
                .on(dir.resolve("server.pem"), dir.resolve("server.key"))
                .withMqttPort(0)
                .withClientAuth(clientAuth, caFile())
                .withReloadSeconds(reloadSeconds);
        node = new TwinhubNode(NodeConfig.forTest(dir.resolve("data")).withTls(tls));
        node.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (node != null) {
            node.close();
        }
        TempDirs.deleteRecursively(dir);
    }

    /** Issues a new server certificate from the CA and writes it over {@code server.pem}/{@code server.key}. */
    IssuedCertificate renewServerCertificate() throws IOException {
        IssuedCertificate issued = ca.issueServer(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));
        issued.writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
        return issued;
    }

    /**
     * A client certificate from the node's CA with subject CN {@code id}, valid for a day; the
     * device is registered too, since a verified certificate logs in the registered device of its CN.
     */
    IssuedCertificate device(String id) {
        if (node.devices().get(id).isEmpty()) {
            node.devices().create(id, java.util.Map.of());
        }
        return ca.issueClient(id, Duration.ofDays(1));
    }

    /**
     * Application credentials for {@code name} that may publish to {@code publishFilter}, and a
     * client certificate for it from the node's CA (to pass a listener that requires one; the
     * user name and password in CONNECT name the application). Returns the password.
     */
    String application(String name, String publishFilter) {
        return node.security().applications().create(name,
                new AccessRules(List.of(publishFilter), List.of(), List.of())).secret();
    }

    /** A client certificate from the node's CA for a client that is not a registered device. */
    IssuedCertificate certificate(String id) {
        return ca.issueClient(id, Duration.ofDays(1));
    }

    /** A client certificate from the node's CA that expired yesterday. */
    IssuedCertificate expiredDevice(String id) {
        Instant now = Instant.now();
        return ca.issueClient(id, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)));
    }

    /** A client certificate from a CA the node does not know. */
    static IssuedCertificate strangerDevice(String id) {
        return DevCertificates.newAuthority("some other CA", Duration.ofDays(2)).issueClient(id, Duration.ofDays(1));
    }

    /** Writes {@code issued} as {@code name.pem}/{@code name.key} in the node's directory; returns the certificate file. */
    Path write(String name, IssuedCertificate issued) {
        try {
            Path cert = dir.resolve(name + ".pem");
            issued.writePem(cert, dir.resolve(name + ".key"));
            return cert;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    IssuedCertificate authority() {
        return ca.authority();
    }

    IssuedCertificate serverCertificate() {
        return server;
    }

    int tlsPort() {
        return node.mqttsAddress().getPort();
    }

    int plainPort() {
        return node.mqttAddress().getPort();
    }

    TwinhubNode node() {
        return node;
    }
}
