package io.twinhub.bench.cli;

import io.twinhub.bench.discard.DiscardServer;
import io.twinhub.bench.safety.Loopback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code bench discard-server}: runs the reference server in the foreground (what --start discard launches). */
@Command(name = "discard-server", mixinStandardHelpOptions = true,
        description = "Run the reference MQTT server that answers CONNACK/PUBACK/PUBREC/PUBCOMP/SUBACK/PINGRESP "
                + "and discards everything else, until killed.")
public final class DiscardServerCommand implements Callable<Integer> {

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Loopback address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", paramLabel = "N", defaultValue = "1884", description = "Port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "I/O threads, 0 = one per core.")
    int threads;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "codec",
            description = "codec: decode with netty-codec-mqtt; raw: fixed headers only (default: ${DEFAULT-VALUE}).")
    String mode;

    @Override
    public Integer call() throws Exception {
        Loopback.requireLoopback(bind);
        if (!mode.equals("codec") && !mode.equals("raw")) {
            throw new IllegalArgumentException("--mode must be codec or raw");
        }
        try (DiscardServer server = DiscardServer.start(bind, port, threads, mode.equals("raw"))) {
            System.out.println("discard server (" + mode + ") listening on " + server.address());
            System.out.flush();
            server.awaitClose();
        }
        return 0;
    }
}
