package io.twinhub.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process we started and must stop: waits until it accepts connections, stops it with
 * SIGTERM (then SIGKILL) and never leaves it behind, even when the bench is interrupted.
 */
public final class ChildServer implements ServerHandle {

    private final String name;
    private final Process process;
    private final InetSocketAddress address;
    private final Path log;
    private final Thread reaper;

    private ChildServer(String name, Process process, InetSocketAddress address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
        this.reaper = new Thread(this::kill, "bench-stop-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code command}, output to {@code log}, and waits up to {@code startSeconds} for the port. */
    public static ChildServer start(String name, List<String> command, Path workDir, Path log,
                                    InetSocketAddress address, int startSeconds) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        ChildServer child = new ChildServer(name, p, address, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(startSeconds);
        while (!FreePort.accepting(address)) {
            if (!p.isAlive()) {
                child.close();
                throw new IOException(name + " exited with status " + p.exitValue() + " before listening; see "
                        + log + ":\n" + tail(log));
            }
            if (System.nanoTime() > deadline) {
                child.close();
                throw new IOException(name + " did not listen on " + address + " within " + startSeconds + " s; see " + log);
            }
            Thread.sleep(50);
        }
        return child;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will run; harmless
        }
    }

    private void kill() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
