package io.twinhub.mqtt;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import javax.security.auth.x500.X500Principal;

import static org.assertj.core.api.Assertions.assertThat;

class PeerCertificatesTest {

    @Test
    void theCommonNameIsTheMostSpecificCn() {
        assertThat(PeerCertificates.commonName(new X500Principal("CN=dev-1, O=Acme, C=DE"))).isEqualTo("dev-1");
        assertThat(PeerCertificates.commonName(new X500Principal("CN=dev-2, OU=fleet, CN=ignored"))).isEqualTo("dev-2");
        assertThat(PeerCertificates.commonName(new X500Principal("CN=with\\, comma"))).isEqualTo("with, comma");
        assertThat(PeerCertificates.commonName(new X500Principal("O=Acme"))).isNull();
    }

    @Test
    void aChannelWithoutTlsHasNoCommonName() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertThat(PeerCertificates.commonName(ch)).isNull();
        ch.finishAndReleaseAll();
    }
}
