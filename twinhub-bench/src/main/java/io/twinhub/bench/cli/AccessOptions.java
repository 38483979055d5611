package io.twinhub.bench.cli;

import io.twinhub.bench.access.AuthMode;
import io.twinhub.bench.access.DeviceAccess;
import io.twinhub.bench.access.HubApi;
import io.twinhub.bench.access.TrustMaterial;
import io.twinhub.bench.safety.Bounds;
import io.twinhub.bench.server.ChildServer;
import io.twinhub.bench.server.OtherListener;
import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.server.ServerKind;
import io.twinhub.bench.server.TwinhubEndpoints;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the devices of {@code bench connect} log in and whether they use TLS: the options, their
 * checks, and turning them into a {@link DeviceAccess} once the server is up. A twinhub started
 * with {@code --start twinhub} gets a development CA and server certificate in the run directory,
 * and its REST address and admin token are read from its log.
 */
public final class AccessOptions {

    /** Started nodes need a moment after accepting MQTT before their first lines are in the log. */
    static final int ENDPOINTS_TIMEOUT_SECONDS = 30;

    @Option(names = "--auth", paramLabel = "MODE", defaultValue = "none",
            description = "How devices log in: none (anonymous), tokens (registered over the REST API first; client id = "
                    + "user name = device id, password = its token), certificates (a client certificate with CN = device id "
                    + "over TLS, no password; the devices are registered too) (default: ${DEFAULT-VALUE}).")
    String auth;

    @Option(names = "--tls", description = "Connect over TLS (implied by --auth certificates). With --target, give --ca.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "With --target: the CA certificate (PEM) the server's certificate must chain to.")
    Path ca;

    @Option(names = "--ca-key", paramLabel = "FILE",
            description = "With --target and --auth certificates: the CA's key to issue device certificates with "
                    + "(default: ca.key next to --ca, as 'twinhub certs dev' writes it).")
    Path caKey;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "With --target: the node's REST API for registering devices, e.g. http://127.0.0.1:8080.")
    String apiUrl;

    @Option(names = "--api-token", paramLabel = "TOKEN", defaultValue = "${env:TWINHUB_TOKEN}",
            description = "With --target: an admin token for --api-url (default: the TWINHUB_TOKEN environment variable).")
    String apiToken;

    @Option(names = "--provision-concurrency", paramLabel = "N", defaultValue = "8",
            description = "Device registrations in flight at once (default: ${DEFAULT-VALUE}).")
    int provisionConcurrency;

    /** The CA of a node this command started with TLS. */
    private TrustMaterial startedTrust;
    /** Whether this command started the node itself ('bench compare' starts servers on its own). */
    private boolean startedHere;

    AuthMode mode() {
        return AuthMode.parse(auth);
    }

    boolean usesTls() {
        return tls || mode() == AuthMode.CERTIFICATES;
    }

    /** Whether anything differs from anonymous plain TCP. */
    boolean requested() {
        return usesTls() || mode() != AuthMode.NONE;
    }

    void validate(TargetOptions target) {
        AuthMode mode = mode();
        Bounds.range("--provision-concurrency", provisionConcurrency, 1, 64);
        if (!requested()) {
            return;
        }
        Bounds.check(target.starts() || target.target != null,
                "--auth and --tls are options of 'bench connect' itself, not of 'bench compare'");
        if (target.starts()) {
            Bounds.check(target.startKind() == ServerKind.TWINHUB,
                    "--auth and --tls need a twinhub node (--start twinhub or --target)");
            Bounds.check(ca == null && caKey == null && apiUrl == null,
                    "with --start twinhub the bench makes its own CA and finds the REST API itself: "
                            + "--ca, --ca-key and --api-url are for --target");
            return;
        }
        Bounds.check(!usesTls() || ca != null, "--tls against --target needs --ca (the CA certificate to trust)");
        Bounds.check(mode != AuthMode.CERTIFICATES || caKeyFile() != null,
                "--auth certificates needs the CA's key to issue device certificates: give --ca-key");
        Bounds.check(!mode.needsRegisteredDevices() || apiUrl != null,
                "--auth " + mode.option() + " registers the devices first: give --api-url (and --api-token)");
    }

    private Path caKeyFile() {
        if (caKey != null) {
            return caKey;
        }
        Path sibling = ca == null ? null : ca.toAbsolutePath().resolveSibling("ca.key");
        return sibling != null && Files.isReadable(sibling) ? sibling : null;
    }

    /**
     * The {@code twinhub run} options a started node needs: a TLS listener on a free port with a
     * fresh development certificate, requiring client certificates for {@code --auth certificates}.
     * Written as a config file, because the HTTPS port (8443 by default) has no command-line option
     * and must be a free one too.
     */
    List<String> twinhubArgs(Path runDirectory) throws IOException {
        startedHere = true;
        if (!usesTls()) {
            return List.of();
        }
        Path dir = runDirectory.resolve("tls");
        startedTrust = TrustMaterial.newDevelopmentSet(dir);
        List<String> lines = new ArrayList<>(List.of(
                "# written by twinhub bench connect",
                "tls:",
                "  cert: " + yaml(dir.resolve("server.pem")),
                "  key: " + yaml(dir.resolve("server.key")),
                "  mqttPort: 0",
                "  httpsPort: 0"));
        if (mode() == AuthMode.CERTIFICATES) {
            lines.add("  ca: " + yaml(dir.resolve("ca.pem")));
            lines.add("  clientAuth: require");
        }
        Path config = dir.resolve("twinhub-tls.yaml");
        Files.write(config, lines);
        return List.of("--config", config.toString());
    }

    /** A path as a single-quoted YAML string. */
    private static String yaml(Path p) {
        return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
    }

    /** What the engine needs, and the listener to connect to (the TLS one when --tls). */
    record Prepared(DeviceAccess access, ServerHandle server) { }

    Prepared prepare(ServerHandle server, TargetOptions target) throws IOException, InterruptedException {
        if (!requested()) {
            return new Prepared(DeviceAccess.anonymous(), server);
        }
        if (target.starts()) {
            if (!startedHere || !(server instanceof ChildServer child)) {
                throw new IllegalArgumentException("--auth and --tls are options of 'bench connect' itself, "
                        + "not of 'bench compare'");
            }
            TwinhubEndpoints endpoints = TwinhubEndpoints.await(child.log(), ENDPOINTS_TIMEOUT_SECONDS);
            HubApi api = null;
            if (endpoints.http() != null && endpoints.adminToken() != null) {
                api = new HubApi(endpoints.http(), endpoints.adminToken());
            }
            ServerHandle mqtt = server;
            if (usesTls()) {
                if (endpoints.mqtts() == null) {
                    throw new IOException("the started twinhub has no TLS listener; see " + child.log());
                }
                mqtt = new OtherListener(server, endpoints.mqtts());
            }
            return new Prepared(new DeviceAccess(mode(), startedTrust, mqtt.address().getHostString(), api,
                    provisionConcurrency), mqtt);
        }
        TrustMaterial trust = usesTls()
                ? TrustMaterial.load(ca, mode() == AuthMode.CERTIFICATES ? caKeyFile() : null) : null;
        HubApi api = apiUrl == null ? null : HubApi.parse(apiUrl, apiToken);
        return new Prepared(new DeviceAccess(mode(), trust, server.address().getHostString(), api,
                provisionConcurrency), server);
    }
}
