package io.twinhub.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development set: a CA, a loopback server certificate, device certificates with CN = device id. */
class DevCertificateSetTest {

    @TempDir
    Path dir;

    @Test
    void writesCaServerAndDeviceCertificatesSignedByTheCa() throws Exception {
        DevCertificateSet.Written written = DevCertificateSet.write(dir, List.of("sensor-1", "pump:7"), 30);

        assertThat(written.newAuthority()).isTrue();
        assertThat(written.files()).extracting(p -> p.getFileName().toString()).containsExactly(
                "ca.pem", "ca.key", "server.pem", "server.key",
                "device-sensor-1.pem", "device-sensor-1.key", "device-pump:7.pem", "device-pump:7.key");
        X509Certificate ca = cert("ca.pem");
        X509Certificate server = cert("server.pem");
        X509Certificate device = cert("device-pump:7.pem");
        server.verify(ca.getPublicKey());
        device.verify(ca.getPublicKey());
        assertThat(device.getSubjectX500Principal().getName()).isEqualTo("CN=pump:7");
        assertThat(device.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(server.getSubjectAlternativeNames()).extracting(n -> (Object) n.get(1))
                .containsExactly((Object) "localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(server.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Files.readString(dir.resolve("server.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key")))).isEqualTo("rw-------");
        long days = (server.getNotAfter().getTime() - System.currentTimeMillis()) / 86_400_000L;
        assertThat(days).isBetween(29L, 30L);
    }

    @Test
    void aSecondRunReusesTheCaSoEarlierDeviceCertificatesStayValid() throws Exception {
        DevCertificateSet.write(dir, List.of("a"), 5);
        X509Certificate firstCa = cert("ca.pem");

        DevCertificateSet.Written again = DevCertificateSet.write(dir, List.of("b"), 5);

        assertThat(again.newAuthority()).isFalse();
        assertThat(cert("ca.pem")).isEqualTo(firstCa);
        cert("device-a.pem").verify(firstCa.getPublicKey());
        cert("device-b.pem").verify(firstCa.getPublicKey());
    }

    @Test
    void refusesNamesThatAreNotDeviceIds() {
        assertThatThrownBy(() -> DevCertificateSet.write(dir, List.of("../etc"), 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a device id");
    }

    private X509Certificate cert(String name) throws Exception {
        return Pem.certificates(Files.readAllBytes(dir.resolve(name)), name)[0];
    }
}
