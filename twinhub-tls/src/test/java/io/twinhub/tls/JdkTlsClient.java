package io.twinhub.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/** The JDK's TLS client: trusts one CA, optionally presents a client certificate, checks the host name. */
record JdkTlsClient(X509Certificate trusted, IssuedCertificate clientCertificate, String protocol, List<String> alpn) {

    private static final char[] PASSWORD = "in-memory".toCharArray();

    static JdkTlsClient trusting(X509Certificate ca) {
        return new JdkTlsClient(ca, null, "TLSv1.3", List.of());
    }

    JdkTlsClient presenting(IssuedCertificate certificate) {
        return new JdkTlsClient(trusted, certificate, protocol, alpn);
    }

    JdkTlsClient protocol(String version) {
        return new JdkTlsClient(trusted, clientCertificate, version, alpn);
    }

    JdkTlsClient offering(List<String> protocols) {
        return new JdkTlsClient(trusted, clientCertificate, protocol, protocols);
    }

    /** Connects and completes the handshake; the caller closes the socket. */
    SSLSocket connect(int port) throws IOException, GeneralSecurityException {
        SSLSocket socket = (SSLSocket) context().getSocketFactory().createSocket("localhost", port);
        socket.setSoTimeout(5_000);
        SSLParameters p = socket.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        p.setEndpointIdentificationAlgorithm("HTTPS");
        if (!alpn.isEmpty()) {
            p.setApplicationProtocols(alpn.toArray(String[]::new));
        }
        socket.setSSLParameters(p);
        socket.startHandshake();
        return socket;
    }

    /** Handshakes, and with TLS 1.3 (where the server's verdict on a client certificate comes after the client's Finished) also exchanges a byte. */
    X509Certificate serverCertificate(int port) throws IOException, GeneralSecurityException {
        try (SSLSocket s = connect(port)) {
            echo(s, 7);
            Certificate[] chain = s.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    static void echo(SSLSocket s, int value) throws IOException {
        s.getOutputStream().write(value);
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        int got = in.read();
        if (got != value) {
            throw new IOException("echo answered " + got + " instead of " + value);
        }
    }

    private SSLContext context() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCertificate != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("me", clientCertificate.privateKey(), PASSWORD,
                    new Certificate[] {clientCertificate.certificate()});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
