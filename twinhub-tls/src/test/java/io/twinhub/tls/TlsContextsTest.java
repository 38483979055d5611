package io.twinhub.tls;

import io.netty.handler.ssl.OpenSsl;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Contexts built from PEM files serve the right certificate, speak TLS 1.2 and 1.3, and check client certificates. */
class TlsContextsTest {

    @TempDir
    Path dir;

    private final DevCertificates ca = DevCertificates.newAuthority("test CA", Duration.ofDays(2));
    private final IssuedCertificate server = ca.issueServer(List.of("localhost", "127.0.0.1"), Duration.ofDays(1));

    static Stream<Arguments> providersAndProtocols() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK)
                .flatMap(p -> Stream.of(Arguments.of(p, "TLSv1.2"), Arguments.of(p, "TLSv1.3")));
    }

    static Stream<SslProvider> providers() {
        return Stream.of(SslProvider.OPENSSL, SslProvider.JDK);
    }

    @Test
    void boringSslIsAvailableOnThisPlatform() {
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(TlsContexts.preferredProvider()).isEqualTo(SslProvider.OPENSSL);
    }

    @ParameterizedTest
    @MethodSource("providersAndProtocols")
    void servesTheConfiguredCertificate(SslProvider provider, String protocol) throws Exception {
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings(), provider);
             EchoServer echo = new EchoServer(contexts)) {
            try (SSLSocket s = JdkTlsClient.trusting(ca.authority().certificate()).protocol(protocol).connect(echo.port())) {
                JdkTlsClient.echo(s, 42);
                assertThat(s.getSession().getProtocol()).isEqualTo(protocol);
                X509Certificate served = (X509Certificate) s.getSession().getPeerCertificates()[0];
                assertThat(served.getSerialNumber()).isEqualTo(server.certificate().getSerialNumber());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void offersConfiguredAlpnProtocols(SslProvider provider) throws Exception {
        TlsSettings settings = settings().withAlpn(TlsSettings.ALPN_HTTP);
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, provider);
             EchoServer echo = new EchoServer(contexts);
             SSLSocket s = JdkTlsClient.trusting(ca.authority().certificate()).offering(List.of("http/1.1", "h2"))
                     .connect(echo.port())) {
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
        }
    }

    @ParameterizedTest
    @MethodSource("providersAndProtocols")
    void requiredClientCertificateMustComeFromTheConfiguredCa(SslProvider provider, String protocol) throws Exception {
        Path caFile = write("ca", ca.authority());
        TlsSettings settings = settings().withClientAuth(ClientAuthMode.REQUIRE, caFile);
        DevCertificates otherCa = DevCertificates.newAuthority("some other CA", Duration.ofDays(1));
        Instant now = Instant.now();
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, provider);
             EchoServer echo = new EchoServer(contexts)) {
            JdkTlsClient client = JdkTlsClient.trusting(ca.authority().certificate()).protocol(protocol);

            X509Certificate served = client.presenting(ca.issueClient("sensor-1", Duration.ofDays(1))).serverCertificate(echo.port());
            assertThat(served.getSerialNumber()).isEqualTo(server.certificate().getSerialNumber());

            assertThatThrownBy(() -> client.serverCertificate(echo.port()))
                    .as("no certificate").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.presenting(otherCa.issueClient("sensor-1", Duration.ofDays(1))).serverCertificate(echo.port()))
                    .as("unknown CA").isInstanceOf(IOException.class);
            assertThatThrownBy(() -> client.presenting(ca.issueClient("sensor-1", now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1))))
                    .serverCertificate(echo.port()))
                    .as("expired").isInstanceOf(IOException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("providers")
    void optionalClientAuthLetsClientsWithoutCertificateIn(SslProvider provider) throws Exception {
        TlsSettings settings = settings().withClientAuth(ClientAuthMode.OPTIONAL, write("ca", ca.authority()));
        try (ReloadingSslContext contexts = ReloadingSslContext.start(settings, provider);
             EchoServer echo = new EchoServer(contexts)) {
            JdkTlsClient client = JdkTlsClient.trusting(ca.authority().certificate());
            assertThat(client.serverCertificate(echo.port()).getSerialNumber()).isEqualTo(server.certificate().getSerialNumber());
            assertThat(client.presenting(ca.issueClient("sensor-2", Duration.ofDays(1))).serverCertificate(echo.port()))
                    .isNotNull();
        }
    }

    @Test
    void traditionalSec1KeysAreAcceptedToo() throws Exception {
        Path cert = dir.resolve("sec1.pem");
        Path key = dir.resolve("sec1.key");
        Files.writeString(cert, server.certificatePem());
        // SEC1 as OpenSSL writes it ("openssl ecparam -genkey"): the curve inside the key structure.
        PrivateKeyInfo pkcs8 = PrivateKeyInfo.getInstance(server.privateKey().getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(pkcs8.parsePrivateKey());
        ASN1Encodable curve = pkcs8.getPrivateKeyAlgorithm().getParameters();
        ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), curve);
        try (var w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
            w.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        try (ReloadingSslContext contexts = ReloadingSslContext.start(TlsSettings.of(cert, key), SslProvider.OPENSSL);
             EchoServer echo = new EchoServer(contexts)) {
            assertThat(JdkTlsClient.trusting(ca.authority().certificate()).serverCertificate(echo.port()).getSerialNumber())
                    .isEqualTo(server.certificate().getSerialNumber());
        }
    }

    @Test
    void unusableFilesAreRefusedWithTheFileNamed() throws Exception {
        TlsSettings good = settings();
        Path missing = dir.resolve("nope.pem");
        assertThatThrownBy(() -> ReloadingSslContext.start(TlsSettings.of(missing, good.privateKey())))
                .isInstanceOf(TlsException.class).hasMessageContaining("certificate file not found").hasMessageContaining("nope.pem");

        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "hello\n");
        assertThatThrownBy(() -> ReloadingSslContext.start(TlsSettings.of(garbage, good.privateKey())))
                .isInstanceOf(TlsException.class).hasMessageContaining("garbage.pem");
        assertThatThrownBy(() -> ReloadingSslContext.start(TlsSettings.of(good.certificateChain(), garbage)))
                .isInstanceOf(TlsException.class).hasMessageContaining("holds no private key");

        Path otherKey = write("other", ca.issueServer(List.of("localhost"), Duration.ofDays(1))).resolveSibling("other.key");
        assertThatThrownBy(() -> ReloadingSslContext.start(TlsSettings.of(good.certificateChain(), otherKey)))
                .isInstanceOf(TlsException.class).hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void clientAuthWithoutCaIsAConfigurationError() {
        assertThatThrownBy(() -> settings().withClientAuth(ClientAuthMode.REQUIRE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a CA file");
        assertThat(ClientAuthMode.parse("Require")).isEqualTo(ClientAuthMode.REQUIRE);
        assertThatThrownBy(() -> ClientAuthMode.parse("sometimes")).hasMessageContaining("none, optional, require");
    }

    private TlsSettings settings() throws IOException {
        Path cert = write("server", server);
        return TlsSettings.of(cert, cert.resolveSibling("server.key")).withReloadInterval(Duration.ZERO);
    }

    private Path write(String name, IssuedCertificate issued) throws IOException {
        Path cert = dir.resolve(name + ".pem");
        issued.writePem(cert, dir.resolve(name + ".key"));
        return cert;
    }
}
