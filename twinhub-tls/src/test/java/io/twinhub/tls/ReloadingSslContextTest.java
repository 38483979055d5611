package io.twinhub.tls;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A renewed certificate reaches new handshakes without a restart; broken files never replace a good context. */
class ReloadingSslContextTest {

    @TempDir
    Path dir;

    private final DevCertificates ca = DevCertificates.newAuthority("test CA", Duration.ofDays(2));
    private final JdkTlsClient client = JdkTlsClient.trusting(ca.authority().certificate());

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void newHandshakesGetTheRenewedCertificateWhileOpenConnectionsKeepWorking(SslProvider provider) throws Exception {
        IssuedCertificate first = issue();
        TlsSettings settings = write(first);
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, provider);
             EchoServer echo = new EchoServer(contexts);
             SSLSocket old = client.connect(echo.port())) {
            JdkTlsClient.echo(old, 1);

            IssuedCertificate second = issue();
            write(second);
            assertThat(contexts.checkNow()).isTrue();
            assertThat(contexts.checkNow()).as("unchanged files are not reloaded again").isFalse();

            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(second.certificate()));
            assertThat(contexts.certificate().getSerialNumber()).isEqualTo(serial(second.certificate()));
            assertThat(contexts.reloads()).isEqualTo(1);
            JdkTlsClient.echo(old, 2);
            assertThat(serial((X509Certificate) old.getSession().getPeerCertificates()[0])).isEqualTo(serial(first.certificate()));
        }
    }

    @Test
    void brokenOrMismatchedFilesKeepTheCurrentCertificateUntilAGoodPairArrives() throws Exception {
        IssuedCertificate first = issue();
        TlsSettings settings = write(first);
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, SslProvider.OPENSSL);
             EchoServer echo = new EchoServer(contexts)) {
            Files.writeString(settings.certificateChain(), "-----BEGIN CERTIFICATE-----\ntruncated");
            assertThat(contexts.checkNow()).isFalse();
            assertThat(contexts.checkNow()).as("the same broken files are not retried").isFalse();
            assertThat(contexts.failedReloads()).isEqualTo(1);
            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(first.certificate()));

            // Certificate renewed, key not yet copied: the pair does not match, so nothing changes.
            IssuedCertificate second = issue();
            Files.writeString(settings.certificateChain(), second.certificatePem());
            assertThat(contexts.checkNow()).isFalse();
            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(first.certificate()));

            Files.delete(settings.privateKey());
            assertThat(contexts.checkNow()).as("key file missing for a moment").isFalse();
            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(first.certificate()));

            Files.writeString(settings.privateKey(), second.privateKeyPem());
            assertThat(contexts.checkNow()).isTrue();
            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(second.certificate()));
            assertThat(contexts.failedReloads()).isEqualTo(3);
            assertThat(contexts.reloads()).isEqualTo(1);
        }
    }

    @Test
    void filesAreCheckedOnTheConfiguredInterval() throws Exception {
        TlsSettings settings = write(issue()).withReloadInterval(Duration.ofMillis(100));
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, SslProvider.OPENSSL);
             EchoServer echo = new EchoServer(contexts)) {
            IssuedCertificate renewed = issue();
            write(renewed);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (contexts.reloads() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(contexts.reloads()).isEqualTo(1);
            assertThat(serial(client.serverCertificate(echo.port()))).isEqualTo(serial(renewed.certificate()));
        }
    }

    private IssuedCertificate issue() {
        return ca.issueServer(List.of("localhost"), Duration.ofDays(1));
    }

    private TlsSettings write(IssuedCertificate issued) throws Exception {
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        issued.writePem(cert, key);
        return TlsSettings.of(cert, key).withReloadInterval(Duration.ZERO);
    }

    private static BigInteger serial(X509Certificate cert) {
        return cert.getSerialNumber();
    }
}
