package io.twinhub.bench.access;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslCachingX509KeyManagerFactory;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.twinhub.tls.IssuedCertificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The generator's TLS client for one group of devices: one context (BoringSSL when its natives
 * load, else the JDK), trusting the given CA and checking the server's name, with an optional
 * client certificate per device.
 *
 * <p><b>Sessions per device.</b> A TLS client caches sessions by the peer's host and port. All
 * devices connect to the same host and port, so the generator keys each device's session by its
 * own number instead (passed as the engine's "peer port", which TLS uses for nothing else), as a
 * real device that keeps its own session would. Without this, every device would offer the
 * session of whichever device connected first, and with client certificates it would be someone
 * else's identity.
 *
 * <p><b>Counting full handshakes.</b> The server's certificate is checked only in a full
 * handshake; a resumed one skips it. {@link #fullHandshakes()} counts those checks, so
 * "connected minus full handshakes" is how many connections resumed a session.
 */
public final class ClientTls {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final long HANDSHAKE_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(15);

    private final SslContext context;
    private final SslProvider provider;
    private final CountingTrustManager trust;
    private final int devices;

    /**
     * @param trusted CA certificates the server's certificate must chain to
     * @param deviceCertificates one per device, in device order (null: no client certificates)
     * @param devices how many devices (sessions) this context serves
     */
    public ClientTls(X509Certificate[] trusted, List<IssuedCertificate> deviceCertificates, int devices) {
        this.provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        this.trust = new CountingTrustManager(pkix(trusted));
        this.devices = devices;
        SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(PROTOCOLS)
                .trustManager(trust)
                .endpointIdentificationAlgorithm("HTTPS")
                .sessionCacheSize(Math.max(1_000, 2L * devices))
                .sessionTimeout(TimeUnit.HOURS.toSeconds(1));
        if (deviceCertificates != null) {
            KeyManagerFactory keys = factoryOf(new DeviceKeyManager(deviceCertificates));
            // BoringSSL: convert each device's key and certificate to native form once, not per handshake.
            b.keyManager(provider == SslProvider.OPENSSL
                    ? new OpenSslCachingX509KeyManagerFactory(keys, deviceCertificates.size() + 1) : keys);
        }
        try {
            this.context = b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the generator's TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * A handler for device number {@code device} (0-based within this group) connecting to
     * {@code host}, the name checked against the server's certificate.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int device) {
        if (device < 0 || device >= devices) {
            throw new IllegalArgumentException("device " + device + " out of range 0.." + (devices - 1));
        }
        SslHandler h = context.newHandler(alloc, host, DeviceKeyManager.sessionKey(device));
        h.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
        return h;
    }

    /** Full handshakes so far (the server's certificate was checked). */
    public long fullHandshakes() {
        return trust.checks();
    }

    /** "BoringSSL" or "JDK 25": which TLS engine the generator uses. */
    public String engine() {
        return provider == SslProvider.OPENSSL ? OpenSsl.versionString() : "JDK " + Runtime.version().feature();
    }

    private static X509ExtendedTrustManager pkix(X509Certificate[] trusted) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < trusted.length; i++) {
                store.setCertificateEntry("ca-" + i, trusted[i]);
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            for (var m : f.getTrustManagers()) {
                if (m instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("no X.509 trust manager in this JVM");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot trust the CA certificate: " + e.getMessage(), e);
        }
    }

    /** A factory handing out one ready key manager (what the TLS engines take). */
    private static KeyManagerFactory factoryOf(KeyManager manager) {
        KeyManagerFactorySpi spi = new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(KeyStore ks, char[] password) { }

            @Override
            protected void engineInit(ManagerFactoryParameters spec) { }

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        };
        return new KeyManagerFactory(spi, null, "twinhub-bench-devices") { };
    }
}
