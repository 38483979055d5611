package io.twinhub.server.cli;

import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code twinhub certs dev}, and {@code twinhub run} serving what it wrote. */
class DevCertsCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesTheSetAndPrintsHowToUseIt() {
        Path certs = dir.resolve("certs");

        assertThat(execute("certs", "dev", "--out", certs.toString(), "--devices", "sensor-1,pump-2", "--days", "10")).isZero();

        assertThat(certs.resolve("ca.pem")).exists();
        assertThat(certs.resolve("server.key")).exists();
        assertThat(certs.resolve("device-pump-2.pem")).exists();
        assertThat(out.toString())
                .contains("New development CA in " + certs)
                .contains("wrote " + certs.resolve("device-sensor-1.key"))
                .contains("--tls-cert " + certs.resolve("server.pem"))
                .contains("clientAuth: require")
                .contains("mosquitto_pub -h localhost -p 8883 --cafile " + certs.resolve("ca.pem"));
    }

    @Test
    void badDeviceIdOrDaysAreUsageErrors() {
        assertThat(execute("certs", "dev", "--out", dir.toString(), "--devices", "ok,not ok")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("'not ok' is not a device id");
        assertThat(execute("certs", "dev", "--out", dir.toString(), "--days", "0")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(dir.resolve("ca.pem")).doesNotExist();
    }

    @Test
    void aNodeStartedWithTheRunFlagsServesTheWrittenServerCertificate() throws Exception {
        Path certs = dir.resolve("certs");
        execute("certs", "dev", "--out", certs.toString());
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs("run", "--data-dir", dir.resolve("data").toString(),
                "--mqtt-port", "0", "--mqtts-port", "0", "--storage", "memory",
                "--tls-cert", certs.resolve("server.pem").toString(), "--tls-key", certs.resolve("server.key").toString());
        NodeConfig config = ((RunCommand) parsed.subcommand().commandSpec().userObject()).resolveConfig();

        try (TwinhubNode node = new TwinhubNode(config)) {
            node.start();
            X509Certificate served = handshake(certs.resolve("ca.pem"), node.mqttsAddress().getPort());
            assertThat(served).isEqualTo(read(certs.resolve("server.pem")));
        }
    }

    private static X509Certificate handshake(Path caFile, int port) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", read(caFile));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port)) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout(5_000);
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
