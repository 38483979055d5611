package io.twinhub.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a development set into a directory: a CA ({@code ca.pem}, {@code ca.key}), a server
 * certificate for this machine's loopback names ({@code server.pem}, {@code server.key}) and one
 * client certificate per device ({@code device-<id>.pem}, {@code device-<id>.key}). A CA already in
 * the directory is reused, so devices can be added later and earlier device certificates stay valid.
 */
public final class DevCertificateSet {

    public static final String CA_CERT = "ca.pem";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.pem";
    public static final String SERVER_KEY = "server.key";
    /** The names the server certificate is valid for. */
    public static final List<String> SERVER_HOSTS = List.of("localhost", "127.0.0.1", "::1");

    /** What was written. */
    public record Written(Path directory, boolean newAuthority, List<Path> files) {
    }

    private DevCertificateSet() {
    }

    public static String deviceCertificate(String deviceId) {
        return "device-" + deviceId + ".pem";
    }

    public static String deviceKey(String deviceId) {
        return "device-" + deviceId + ".key";
    }

    /** Writes (or adds to) the set in {@code dir}; certificates are valid for {@code days} days. */
    public static Written write(Path dir, List<String> deviceIds, int days) throws IOException {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        Duration validity = Duration.ofDays(days);
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        Path caCert = dir.resolve(CA_CERT);
        Path caKey = dir.resolve(CA_KEY);
        boolean reuse = Files.exists(caCert) && Files.exists(caKey);
        DevCertificates ca;
        if (reuse) {
            ca = DevCertificates.load(caCert, caKey);
        } else {
            // The CA outlives what it signs, so certificates issued later from it get their full term.
            ca = DevCertificates.newAuthority("twinhub development CA", validity.multipliedBy(2));
            ca.authority().writePem(caCert, caKey);
            files.add(caCert);
            files.add(caKey);
        }
        ca.issueServer(SERVER_HOSTS, validity).writePem(dir.resolve(SERVER_CERT), dir.resolve(SERVER_KEY));
        files.add(dir.resolve(SERVER_CERT));
        files.add(dir.resolve(SERVER_KEY));
        for (String id : deviceIds) {
            if (!id.matches("[A-Za-z0-9_.:-]{1,128}")) {
                throw new IllegalArgumentException("not a device id (1-128 of A-Z a-z 0-9 _ . : -): '" + id + "'");
            }
            Path cert = dir.resolve(deviceCertificate(id));
            Path key = dir.resolve(deviceKey(id));
            ca.issueClient(id, validity).writePem(cert, key);
            files.add(cert);
            files.add(key);
        }
        return new Written(dir, !reuse, List.copyOf(files));
    }
}
