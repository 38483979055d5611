package io.twinhub.bench.server;

import java.net.InetSocketAddress;

/**
 * The server a run measures: where it listens and, when known, its process (for CPU and memory).
 */
public interface ServerHandle extends AutoCloseable {

    /** Short name for tables: twinhub, mosquitto, discard, or "external". */
    String name();

    InetSocketAddress address();

    /** The server's process id, or -1 when unknown. */
    long pid();

    /** Whether the server runs inside the generator's own JVM (then CPU figures include the generator). */
    default boolean inProcess() {
        return pid() == ProcessHandle.current().pid();
    }

    /** Whether the server process is still there (true when unknown). */
    default boolean alive() {
        long pid = pid();
        return pid < 0 || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether the server delivers to subscribers (the discard references route nothing). */
    default boolean routes() {
        return !name().startsWith("discard");
    }

    /** Stops the server if we started it; otherwise nothing. */
    @Override
    void close();
}
