package io.twinhub.it.durability;

import io.twinhub.it.TempDirs;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Per test: a work directory, the broker processes started in it and the clients aimed at them.
 * After the test, clients close first, then every node is killed; a failed test prints the
 * nodes' logs and keeps them (the data directories too with {@code -Ddurability.keepData=true}),
 * a passed one deletes everything.
 * <pre>{@literal @}RegisterExtension final NodeLab lab = new NodeLab();</pre>
 */
public final class NodeLab implements BeforeEachCallback, AfterEachCallback {

    private Path workDir;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        workDir = Files.createTempDirectory("twinhub-durability-");
    }

    /** A node (not started) with its own data directory {@code name} in the work directory. */
    public synchronized NodeProcess node(String name, String... runArgs) {
        NodeProcess n = new NodeProcess(workDir, workDir.resolve(name), runArgs);
        nodes.add(n);
        return n;
    }

    /** Started node with sync durability (the default, spelled out). */
    public NodeProcess startNode(String name) throws IOException, InterruptedException {
        return node(name, "--durability", "sync").start();
    }

    /** Closed after the test, before the nodes are killed, in reverse order of registration. */
    public synchronized <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    Path workDir() {
        return workDir;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<AutoCloseable> toClose;
        List<NodeProcess> toKill;
        synchronized (this) {
            toClose = new ArrayList<>(closeables);
            toKill = new ArrayList<>(nodes);
            closeables.clear();
            nodes.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // a test may already have closed or broken it
            }
        }
        for (NodeProcess n : toKill) {
            n.close();
        }
        if (context.getExecutionException().isPresent()) {
            System.out.println("FAILED " + context.getRequiredTestMethod().getName() + " " + context.getDisplayName()
                    + "; node logs kept in " + workDir);
            for (NodeProcess n : toKill) {
                System.out.println(n.logTail());
                if (!Boolean.getBoolean("durability.keepData")) {
                    TempDirs.deleteRecursively(n.dataDir());
                }
            }
        } else {
            TempDirs.deleteRecursively(workDir);
        }
    }
}
