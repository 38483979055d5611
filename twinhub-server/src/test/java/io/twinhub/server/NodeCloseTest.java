package io.twinhub.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A closed node leaves no thread of its own behind. */
class NodeCloseTest {

    @TempDir
    Path dir;

    private static long presenceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("twinhub-presence"))
                .count();
    }

    @Test
    void closingTheNodeStopsThePresenceTimer() throws Exception {
        long before = presenceThreads();
        try (TwinhubNode node = new TwinhubNode(NodeConfig.forTest(dir).withStorage(new NodeConfig.Storage("memory", "sync")))) {
            node.start();
            node.broker().presence().heartbeat("dev-1"); // starts the timer's thread: the window's end is scheduled
            assertThat(presenceThreads()).isEqualTo(before + 1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (presenceThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(presenceThreads()).isEqualTo(before);
    }
}
