package io.twinhub.it.tls;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.twinhub.tls.IssuedCertificate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** TLS client set-ups for the tests: trust the node's CA, optionally present a client certificate. */
final class TlsClients implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(5);
    private static final char[] PASSWORD = "in-memory".toCharArray();

    private final TlsNode node;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    TlsClients(TlsNode node) {
        this.node = node;
    }

    /** A HiveMQ MQTT 5 client for the TLS port, not connected; disconnected at close. */
    Mqtt5BlockingClient hive(String id, String protocol, IssuedCertificate clientCertificate) {
        MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder()
                .trustManagerFactory(trust(node.authority().certificate()))
                .protocols(List.of(protocol))
                .handshakeTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        if (clientCertificate != null) {
            ssl = ssl.keyManagerFactory(keys(clientCertificate));
        }
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("localhost").serverPort(node.tlsPort())
                .sslConfig(ssl.build())
                .buildBlocking();
        open.add(() -> {
            if (c.getState().isConnected()) {
                c.disconnect();
            }
        });
        return c;
    }

    /** The JDK's TLS for Paho and raw sockets; {@code protocol} caps the version ({@code TLSv1.2} offers 1.2 only). */
    static SSLContext jdkContext(String protocol, X509Certificate trusted, IssuedCertificate clientCertificate) throws Exception {
        SSLContext ctx = SSLContext.getInstance(protocol);
        ctx.init(clientCertificate == null ? null : keys(clientCertificate).getKeyManagers(),
                trust(trusted).getTrustManagers(), null);
        return ctx;
    }

    /** The certificate the TLS listener presents to a new connection now. */
    X509Certificate servedCertificate() throws Exception {
        SSLContext ctx = jdkContext("TLSv1.3", node.authority().certificate(), null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", node.tlsPort())) {
            SSLParameters p = s.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.setSoTimeout((int) WAIT.toMillis());
            s.startHandshake();
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    static TrustManagerFactory trust(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyManagerFactory keys(IssuedCertificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("me", certificate.privateKey(), PASSWORD, new Certificate[] {certificate.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, PASSWORD);
            return kmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    <T extends AutoCloseable> T track(T closeable) {
        open.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the node goes away next
            }
        }
    }
}
