package io.twinhub.bench.scenario;

import io.twinhub.server.TwinhubNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Bench runs against one node with the test defaults, started in the test's JVM for the whole class. */
abstract class InProcessNodeTest {

    @TempDir
    static Path dir;

    static TwinhubNode node;
    /** The node's MQTT listener as a {@code --target}. */
    static String target;

    @BeforeAll
    static void startNode() throws Exception {
        node = BenchRuns.startNode(dir);
        target = BenchRuns.mqttTarget(node);
    }

    @AfterAll
    static void stopNode() {
        BenchRuns.stop(node);
    }
}
