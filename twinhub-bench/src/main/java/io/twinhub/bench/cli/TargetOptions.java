package io.twinhub.bench.cli;

import io.twinhub.bench.safety.Loopback;
import io.twinhub.bench.server.ExternalServer;
import io.twinhub.bench.server.ProjectLayout;
import io.twinhub.bench.server.ServerHandle;
import io.twinhub.bench.server.ServerKind;
import io.twinhub.bench.server.ServerLauncher;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Which server a run measures: one already running (--target) or one we start (--start). */
public final class TargetOptions {

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "An MQTT server already running on this machine (loopback only).")
    String target;

    @Option(names = "--start", paramLabel = "SERVER",
            description = "Start a server for the run and stop it afterwards: twinhub, mosquitto, discard "
                    + "(netty-codec-mqtt, reads and discards), discard-raw (fixed headers only).")
    String start;

    @Option(names = "--server-pid", paramLabel = "PID",
            description = "Process id of the --target server, for its CPU and memory figures.")
    Long serverPid;

    @Option(names = "--server-threads", paramLabel = "N", defaultValue = "0",
            description = "I/O threads of a started twinhub or discard server (default: their own default, one per core).")
    int serverThreads;

    @Option(names = "--server-jvm-opts", paramLabel = "OPTS", defaultValue = "",
            description = "Extra JVM options for a started twinhub or discard server, e.g. "
                    + "'-Xmx2g -XX:StartFlightRecording=filename=server.jfr,settings=profile'.")
    String serverJvmOpts;

    @Option(names = "--twinhub-args", paramLabel = "ARGS", defaultValue = "",
            description = "Extra 'twinhub run' options for a started twinhub, e.g. '--durability none'.")
    String twinhubArgs;

    @Option(names = "--mosquitto", paramLabel = "PATH", defaultValue = "/usr/sbin/mosquitto",
            description = "The mosquitto binary (default: ${DEFAULT-VALUE}).")
    String mosquittoBin;

    @Option(names = "--twinhub-dir", paramLabel = "DIR",
            description = "Directory with twinhub-server-*.jar and lib/ for --start twinhub (default: "
                    + "twinhub-server/target in the repository).")
    Path twinhubDir;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where started servers keep data, config and logs (default: target/bench-runs/<time> "
                    + "in the repository).")
    Path workDir;

    private Path runDirectory;

    /** Validates the combination; throws IllegalArgumentException with a user message. */
    void validate() {
        if ((target == null) == (start == null)) {
            throw new IllegalArgumentException("give exactly one of --target HOST:PORT or --start "
                    + "twinhub|mosquitto|discard|discard-raw");
        }
        if (target != null) {
            Loopback.parseTarget(target);
        } else {
            ServerKind.parse(start);
            if (serverPid != null) {
                throw new IllegalArgumentException("--server-pid is for --target; a started server's pid is known");
            }
        }
    }

    boolean starts() {
        return start != null;
    }

    ServerHandle open() throws IOException, InterruptedException {
        return open(List.of());
    }

    /** Opens the target, or starts the server with {@code extraTwinhubArgs} added for a twinhub. */
    ServerHandle open(List<String> extraTwinhubArgs) throws IOException, InterruptedException {
        if (target != null) {
            InetSocketAddress address = Loopback.parseTarget(target);
            return new ExternalServer("target", address, serverPid == null ? -1 : serverPid);
        }
        return launcher(extraTwinhubArgs).start(ServerKind.parse(start));
    }

    /** The kind of server --start names (call after {@link #validate()}). */
    ServerKind startKind() {
        return ServerKind.parse(start);
    }

    ServerLauncher launcher() throws IOException {
        return launcher(List.of());
    }

    private ServerLauncher launcher(List<String> extraTwinhubArgs) throws IOException {
        return new ServerLauncher(new ServerLauncher.Settings(serverThreads, serverJvmOpts, mosquittoBin,
                runDirectory(), twinhubDir, twinhubArgs), extraTwinhubArgs);
    }

    /** Where this invocation's started servers (and their TLS files) live; made on first use. */
    Path runDirectory() throws IOException {
        if (runDirectory == null) {
            Path dir = workDir != null ? workDir : ProjectLayout.root().resolve("target").resolve("bench-runs").resolve(
                    LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            Files.createDirectories(dir);
            runDirectory = dir.toAbsolutePath();
        }
        return runDirectory;
    }
}
