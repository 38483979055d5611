package io.twinhub.it.tls;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.twinhub.tls.IssuedCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replacing the certificate files renews the certificate for new connections, without a restart or a dropped client. */
class CertificateReloadTest {

    /** Files checked every second. */
    @RegisterExtension
    final TlsNode node = new TlsNode("none", 1);
    private final TlsClients clients = new TlsClients(node);

    @AfterEach
    void closeClients() {
        clients.close();
    }

    @Test
    void newConnectionsSeeTheRenewedCertificateWhileAnOpenOneKeepsWorking() throws Exception {
        IssuedCertificate original = node.serverCertificate();
        assertThat(clients.servedCertificate().getSerialNumber()).isEqualTo(original.certificate().getSerialNumber());
        Mqtt5BlockingClient old = clients.hive("old", "TLSv1.3", null);
        Mqtt5BlockingClient.Mqtt5Publishes oldPublishes = clients.track(old.publishes(MqttGlobalPublishFilter.ALL));
        old.connect();
        old.subscribeWith().topicFilter("renewal/#").qos(MqttQos.AT_LEAST_ONCE).send();

        IssuedCertificate renewed = node.renewServerCertificate();

        await().atMost(Duration.ofSeconds(10)).until(() -> node.node().tlsContexts().reloads() == 1);
        assertThat(clients.servedCertificate().getSerialNumber()).isEqualTo(renewed.certificate().getSerialNumber());

        Mqtt5BlockingClient fresh = clients.hive("fresh", "TLSv1.2", null);
        fresh.connect();
        fresh.publishWith().topic("renewal/done").qos(MqttQos.AT_LEAST_ONCE).payload("hello old friend".getBytes(StandardCharsets.UTF_8)).send();
        Mqtt5Publish got = oldPublishes.receive(TlsClients.WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertThat(new String(got.getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("hello old friend");
        assertThat(old.getState().isConnected()).isTrue();
        old.publishWith().topic("renewal/self").qos(MqttQos.AT_LEAST_ONCE).payload(new byte[] {1}).send();
        assertThat(oldPublishes.receive(TlsClients.WAIT.toSeconds(), TimeUnit.SECONDS)).isPresent();
    }

    @Test
    void aBrokenReplacementIsIgnoredAndTheNodeKeepsServing() throws Exception {
        IssuedCertificate original = node.serverCertificate();
        Files.writeString(node.caFile().resolveSibling("server.pem"), "-----BEGIN CERTIFICATE-----\nhalf a file");

        await().atMost(Duration.ofSeconds(10)).until(() -> node.node().tlsContexts().failedReloads() == 1);
        assertThat(clients.servedCertificate().getSerialNumber()).isEqualTo(original.certificate().getSerialNumber());
        Mqtt5BlockingClient c = clients.hive("still-here", "TLSv1.3", null);
        c.connect();
        assertThat(c.getState().isConnected()).isTrue();
    }
}
