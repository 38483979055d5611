package io.twinhub.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A throw-away certificate authority for development and tests: it issues server certificates for
 * host names and addresses, and client certificates whose subject CN is a device id. Keys are EC
 * P-256, signatures ECDSA with SHA-256. Not for production: the CA key sits in a plain file.
 */
public final class DevCertificates {

    /** Certificates start a little in the past so that a client whose clock lags still accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final IssuedCertificate authority;

    private DevCertificates(IssuedCertificate authority) {
        this.authority = authority;
    }

    /** A new self-signed CA named {@code commonName}, valid from now (less {@link #BACKDATE}) for {@code validity}. */
    public static DevCertificates newAuthority(String commonName, Duration validity) {
        Instant now = Instant.now();
        KeyPair keys = newKeyPair();
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(name, name, keys.getPublic(), now.minus(BACKDATE), now.plus(validity))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new DevCertificates(new IssuedCertificate(sign(b, keys), keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot make a CA certificate", e);
        }
    }

    /** A CA written earlier by {@link IssuedCertificate#writePem}: to issue more certificates from the same CA. */
    public static DevCertificates load(Path certificateFile, Path keyFile) throws IOException {
        X509Certificate cert = Pem.certificates(Files.readAllBytes(certificateFile), certificateFile.toString())[0];
        PrivateKey key = Pem.privateKey(Files.readAllBytes(keyFile), keyFile.toString());
        Pem.requireMatch(key, cert, keyFile.toString());
        return new DevCertificates(new IssuedCertificate(cert, key));
    }

    /** The CA's own certificate and key. */
    public IssuedCertificate authority() {
        return authority;
    }

    /**
     * A server certificate for {@code hosts}: each is put in the subject alternative names as an IP
     * address if it is a literal one, else as a DNS name; the first is also the subject CN.
     */
    public IssuedCertificate issueServer(List<String> hosts, Instant notBefore, Instant notAfter) {
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            names.add(isIpLiteral(host) ? new GeneralName(GeneralName.iPAddress, host) : new GeneralName(GeneralName.dNSName, host));
        }
        return issue(hosts.getFirst(), notBefore, notAfter, KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A client certificate with subject CN {@code commonName} (a device id, for devices). */
    public IssuedCertificate issueClient(String commonName, Instant notBefore, Instant notAfter) {
        return issue(commonName, notBefore, notAfter, KeyPurposeId.id_kp_clientAuth, null);
    }

    /** Valid from now (less {@link #BACKDATE}) for {@code validity}. */
    public IssuedCertificate issueServer(List<String> hosts, Duration validity) {
        Instant now = Instant.now();
        return issueServer(hosts, now.minus(BACKDATE), now.plus(validity));
    }

    /** Valid from now (less {@link #BACKDATE}) for {@code validity}. */
    public IssuedCertificate issueClient(String commonName, Duration validity) {
        Instant now = Instant.now();
        return issueClient(commonName, now.minus(BACKDATE), now.plus(validity));
    }

    private IssuedCertificate issue(String commonName, Instant notBefore, Instant notAfter, KeyPurposeId purpose,
                                    GeneralNames altNames) {
        KeyPair keys = newKeyPair();
        X509Certificate ca = authority.certificate();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = builder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()),
                    name(commonName), keys.getPublic(), notBefore, notAfter)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            if (altNames != null) {
                b.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            JcaContentSignerBuilder signer = new JcaContentSignerBuilder("SHA256withECDSA");
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signer.build(authority.privateKey())));
            return new IssuedCertificate(cert, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
                                                    Instant notBefore, Instant notAfter) {
        // Positive 127-bit serials: unique enough that a reissued certificate is always told apart.
        BigInteger serial = new BigInteger(127, RANDOM).setBit(0);
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair keys) throws CertificateException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new CertificateException(e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 keys are always available", e);
        }
    }

    /** True for IPv4 dotted quads and IPv6 literals; never looks a name up. */
    static boolean isIpLiteral(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
