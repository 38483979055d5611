package io.twinhub.server.cli;

import io.twinhub.core.device.DeviceIds;
import io.twinhub.tls.DevCertificateSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code twinhub certs dev}: a local CA, a server certificate for this machine and device certificates, for development. */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        description = {"Write a development CA, a server certificate for localhost, 127.0.0.1 and ::1,",
                "and one client certificate per device (subject CN = device id). EC P-256 keys, PEM files.",
                "A CA already in the directory is reused. Not for production."})
public final class DevCertsCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to write to (default: ./certs).")
    Path out = Path.of("certs");

    @Option(names = "--devices", paramLabel = "ID", split = ",",
            description = "Device ids to make client certificates for, comma-separated.")
    List<String> devices = List.of();

    @Option(names = "--days", paramLabel = "N", description = "Validity of the certificates in days (default: 365).")
    int days = 365;

    @Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        for (String id : devices) {
            if (!DeviceIds.isValid(id)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--devices: '" + id
                        + "' is not a device id (1-128 characters of A-Z a-z 0-9 _ . : -)");
            }
        }
        if (days < 1 || days > 36_500) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--days must be between 1 and 36500, got " + days);
        }
        Path dir = out.toAbsolutePath().normalize();
        DevCertificateSet.Written written = DevCertificateSet.write(dir, devices, days);
        PrintWriter w = spec.commandLine().getOut();
        w.println(written.newAuthority() ? "New development CA in " + dir : "Reusing the CA in " + dir);
        for (Path file : written.files()) {
            w.println("  wrote " + file);
        }
        w.println();
        w.println("Serve MQTT over TLS (port 8883) with device certificates required:");
        w.println("  ./twinhub run --tls-cert " + dir.resolve(DevCertificateSet.SERVER_CERT)
                + " --tls-key " + dir.resolve(DevCertificateSet.SERVER_KEY)
                + " --tls-ca " + dir.resolve(DevCertificateSet.CA_CERT) + " --tls-client-auth require");
        w.println("or in the config file:");
        w.println("  tls:");
        w.println("    cert: " + dir.resolve(DevCertificateSet.SERVER_CERT));
        w.println("    key: " + dir.resolve(DevCertificateSet.SERVER_KEY));
        w.println("    ca: " + dir.resolve(DevCertificateSet.CA_CERT));
        w.println("    clientAuth: require");
        if (!devices.isEmpty()) {
            String id = devices.getFirst();
            w.println();
            w.println("Connect as device '" + id + "':");
            w.println("  mosquitto_pub -h localhost -p 8883 --cafile " + dir.resolve(DevCertificateSet.CA_CERT)
                    + " --cert " + dir.resolve(DevCertificateSet.deviceCertificate(id))
                    + " --key " + dir.resolve(DevCertificateSet.deviceKey(id))
                    + " -i " + id + " -t '$twin/things/" + id + "/heartbeat' -m ''");
        }
        w.flush();
        return 0;
    }
}
