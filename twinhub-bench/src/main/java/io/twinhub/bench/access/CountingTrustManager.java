package io.twinhub.bench.access;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * The JVM's PKIX trust manager, counting how often it is asked about a server: once per full
 * handshake (a resumed session is not checked again).
 *
 * <p>The generator shares the machine's cores with the server it measures, and a PKIX check in
 * Java (chain building, ECDSA verification, host name) costs it more than the handshake itself.
 * So a chain is checked in full (host name included) the first time, and a later handshake that
 * presents byte for byte the same chain for the same host name is accepted without repeating the
 * check: the answer could not differ. Any other chain is checked in full.
 */
final class CountingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private final LongAdder checks = new LongAdder();
    private volatile Verified lastVerified;

    /** A chain (each certificate's encoding) found trusted for a host name. */
    private record Verified(byte[][] chain, String host) {

        static Verified of(X509Certificate[] chain, String host) throws CertificateEncodingException {
            byte[][] encoded = new byte[chain.length][];
            for (int i = 0; i < chain.length; i++) {
                encoded[i] = chain[i].getEncoded();
            }
            return new Verified(encoded, host);
        }

        boolean matches(X509Certificate[] other, String peerHost) throws CertificateEncodingException {
            if (other.length != chain.length || !host.equals(peerHost)) {
                return false;
            }
            for (int i = 0; i < chain.length; i++) {
                if (!Arrays.equals(chain[i], other[i].getEncoded())) {
                    return false;
                }
            }
            return true;
        }
    }

    CountingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    long checks() {
        return checks.sum();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checks.increment();
        String host = engine == null || engine.getPeerHost() == null ? "" : engine.getPeerHost();
        Verified v = lastVerified;
        if (v != null && v.matches(chain, host)) {
            return;
        }
        delegate.checkServerTrusted(chain, authType, engine);
        lastVerified = Verified.of(chain, host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checks.increment();
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checks.increment();
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
