package io.twinhub.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** Reads PEM certificates and private keys, with errors that say which file and what is wrong. */
public final class Pem {

    private Pem() {
    }

    /** Every certificate in the text, in order; at least one. */
    public static X509Certificate[] certificates(byte[] pem, String source) {
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new TlsException(source + ": not a PEM certificate file (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new TlsException(source + ": holds no certificate");
        }
        return certs.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
    }

    /** The first private key in the text: PKCS#8, PKCS#1 RSA or SEC1 EC; encrypted keys are refused. */
    public static PrivateKey privateKey(byte[] pem, String source) {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
                    throw new TlsException(source + ": the private key is encrypted; give it unencrypted"
                            + " (for example: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)");
                }
            }
        } catch (IOException e) {
            throw new TlsException(source + ": not a PEM private key file (" + e.getMessage() + ")", e);
        }
        throw new TlsException(source + ": holds no private key (expected '-----BEGIN PRIVATE KEY-----')");
    }

    /**
     * Fails unless {@code key} belongs to {@code certificate}: a test signature made with the key must
     * verify with the certificate's public key. Catches a certificate replaced without its key.
     */
    public static void requireMatch(PrivateKey key, X509Certificate certificate, String source) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return; // nothing cheap to check with; the handshake will tell
        }
        PublicKey publicKey = certificate.getPublicKey();
        byte[] probe = "twinhub key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new TlsException(source + ": the private key does not belong to the certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }
}
