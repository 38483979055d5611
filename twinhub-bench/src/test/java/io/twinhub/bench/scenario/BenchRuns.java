package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.BenchMain;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;

import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** What the end-to-end bench tests share: a node in the test's JVM, and runs of the command line. */
final class BenchRuns {

    private BenchRuns() { }

    /** A started node with the test defaults (ephemeral ports, loopback, anonymous allowed). */
    static TwinhubNode startNode(Path dir) throws Exception {
        return startNode(NodeConfig.forTest(dir.resolve("data")));
    }

    static TwinhubNode startNode(NodeConfig config) throws Exception {
        TwinhubNode node = new TwinhubNode(config);
        try {
            node.start();
        } catch (Exception e) {
            node.close();
            throw e;
        }
        return node;
    }

    static void stop(TwinhubNode node) {
        if (node != null) {
            node.close();
        }
    }

    /** The node's plain MQTT listener as a {@code --target}. */
    static String mqttTarget(TwinhubNode node) {
        return "127.0.0.1:" + node.mqttAddress().getPort();
    }

    /**
     * Runs the bench with {@code args} plus {@code --quiet --out <dir>/<name>.json}, checks that it
     * exited with 0 (showing the run's notes if not) and returns the report's {@code result}.
     */
    static JsonNode run(Path dir, String name, String... args) throws Exception {
        Path out = dir.resolve(name + ".json");
        String[] all = Arrays.copyOf(args, args.length + 3);
        all[args.length] = "--quiet";
        all[args.length + 1] = "--out";
        all[args.length + 2] = out.toString();
        int code = BenchMain.run(all);
        JsonNode result = new ObjectMapper().readTree(out.toFile()).get("result");
        assertThat(code).as(result.get("notes").toString()).isZero();
        return result;
    }
}
