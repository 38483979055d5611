package io.twinhub.mqtt;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/** The verified client certificate of a TLS connection, as far as authentication needs it. */
public final class PeerCertificates {

    private PeerCertificates() { }

    /**
     * The subject CN of the client certificate the channel's TLS handshake verified, or null when
     * the channel has no TLS, or the client sent no certificate.
     */
    public static String commonName(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null || !(ssl.engine().getNeedClientAuth() || ssl.engine().getWantClientAuth())) {
            return null; // no certificate was asked for: asking the session would throw (and fill a stack trace)
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return commonName(x509.getSubjectX500Principal());
            }
            return null;
        } catch (SSLPeerUnverifiedException noClientCertificate) {
            return null;
        }
    }

    /** The most specific CN of a distinguished name, or null when it has none. */
    static String commonName(X500Principal subject) {
        try {
            LdapName name = new LdapName(subject.getName(X500Principal.RFC2253));
            // RFC 2253 lists the most specific RDN first; LdapName keeps them in reverse.
            for (int i = name.size() - 1; i >= 0; i--) {
                Rdn rdn = name.getRdns().get(i);
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
