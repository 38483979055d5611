package io.twinhub.bench.access;

import io.twinhub.tls.DevCertificates;
import io.twinhub.tls.IssuedCertificate;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceKeyManagerTest {

    @Test
    void eachDeviceHandshakesWithItsOwnCertificate() throws Exception {
        DevCertificates ca = DevCertificates.newAuthority("test CA", Duration.ofDays(1));
        List<IssuedCertificate> certs = List.of(
                ca.issueClient("dev-a", Duration.ofDays(1)), ca.issueClient("dev-b", Duration.ofDays(1)));
        DeviceKeyManager keys = new DeviceKeyManager(certs);

        SSLEngine second = SSLContext.getDefault().createSSLEngine("localhost", DeviceKeyManager.sessionKey(1));
        String alias = keys.chooseEngineClientAlias(new String[] {"EC"}, null, second);
        assertThat(keys.getCertificateChain(alias)[0].getSubjectX500Principal().getName()).isEqualTo("CN=dev-b");
        assertThat(keys.getPrivateKey(alias)).isEqualTo(certs.get(1).privateKey());

        SSLEngine stranger = SSLContext.getDefault().createSSLEngine("localhost", DeviceKeyManager.sessionKey(7));
        assertThat(keys.chooseEngineClientAlias(new String[] {"EC"}, null, stranger)).isNull();
    }
}
