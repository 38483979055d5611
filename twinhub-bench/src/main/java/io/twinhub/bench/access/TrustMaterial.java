package io.twinhub.bench.access;

import io.twinhub.tls.DevCertificateSet;
import io.twinhub.tls.DevCertificates;
import io.twinhub.tls.IssuedCertificate;
import io.twinhub.tls.Pem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The CA side of a TLS run: the certificates the generator trusts and, for client certificates,
 * the CA that issues one per device (with the project's development-certificate code; the
 * device keys stay in memory, nothing per device is written to disk).
 */
public final class TrustMaterial {

    /** Device certificates only need to outlive the run. */
    static final Duration DEVICE_VALIDITY = Duration.ofDays(2);

    private final X509Certificate[] trusted;
    private final DevCertificates issuer;

    private TrustMaterial(X509Certificate[] trusted, DevCertificates issuer) {
        this.trusted = trusted;
        this.issuer = issuer;
    }

    /**
     * A fresh development set in {@code dir} for a node the bench starts: {@code ca.pem},
     * {@code ca.key}, {@code server.pem}, {@code server.key} (as {@code twinhub certs dev} writes them).
     */
    public static TrustMaterial newDevelopmentSet(Path dir) throws IOException {
        DevCertificateSet.write(dir, List.of(), 2);
        return load(dir.resolve(DevCertificateSet.CA_CERT), dir.resolve(DevCertificateSet.CA_KEY));
    }

    /**
     * The CA certificate(s) in {@code caCert}; with {@code caKey} (may be null) it can also issue
     * device certificates.
     */
    public static TrustMaterial load(Path caCert, Path caKey) throws IOException {
        if (!Files.isReadable(caCert)) {
            throw new IllegalArgumentException("cannot read the CA certificate " + caCert);
        }
        X509Certificate[] trusted = Pem.certificates(Files.readAllBytes(caCert), caCert.toString());
        DevCertificates issuer = null;
        if (caKey != null) {
            if (!Files.isReadable(caKey)) {
                throw new IllegalArgumentException("cannot read the CA key " + caKey);
            }
            issuer = DevCertificates.load(caCert, caKey);
        }
        return new TrustMaterial(trusted, issuer);
    }

    public X509Certificate[] trusted() {
        return trusted.clone();
    }

    public boolean canIssue() {
        return issuer != null;
    }

    /** One client certificate per id (CN = id), in the same order; issued on all cores. */
    public List<IssuedCertificate> issueDevices(List<String> ids) {
        if (issuer == null) {
            throw new IllegalStateException("no CA key to issue device certificates with");
        }
        IssuedCertificate[] out = new IssuedCertificate[ids.size()];
        IntStream.range(0, ids.size()).parallel()
                .forEach(i -> out[i] = issuer.issueClient(ids.get(i), DEVICE_VALIDITY));
        return new ArrayList<>(List.of(out));
    }
}
