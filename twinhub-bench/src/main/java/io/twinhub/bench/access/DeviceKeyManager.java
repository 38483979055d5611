package io.twinhub.bench.access;

import io.twinhub.tls.IssuedCertificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Presents each device's own client certificate: the engine's session key (see {@link ClientTls})
 * says which device is handshaking, and the alias is that device's number.
 */
final class DeviceKeyManager extends X509ExtendedKeyManager {

    private final List<IssuedCertificate> certificates;

    DeviceKeyManager(List<IssuedCertificate> certificates) {
        this.certificates = List.copyOf(certificates);
    }

    /** The session key of device {@code index}: 1-based, as -1 and 0 can mean "no port". */
    static int sessionKey(int index) {
        return index + 1;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        int device = engine == null ? -1 : engine.getPeerPort() - 1;
        return device >= 0 && device < certificates.size() ? Integer.toString(device) : null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null; // the generator only uses engines
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        IssuedCertificate c = lookup(alias);
        return c == null ? null : new X509Certificate[] {c.certificate()};
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        IssuedCertificate c = lookup(alias);
        return c == null ? null : c.privateKey();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private IssuedCertificate lookup(String alias) {
        try {
            int i = Integer.parseInt(alias);
            return i >= 0 && i < certificates.size() ? certificates.get(i) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
