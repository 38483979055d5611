package io.twinhub.http;

import java.time.Duration;

/**
 * Where and how the HTTP listener runs; see {@code docs/HTTP-API.md} and {@code docs/CONFIGURATION.md}.
 *
 * @param bindAddress address to bind
 * @param port TCP port; 0 picks a free one
 * @param maxBodyBytes largest request body accepted (413 beyond, checked on Content-Length and while reading)
 * @param readTimeout time a client has to send a whole request once it started sending it (408 and close beyond)
 * @param idleTimeout time a connection with no request in progress stays open
 * @param workerThreads threads for blocking work (registry calls); 0 = max(4, 2 x cores)
 * @param workQueue requests waiting for a worker before new ones get 503
 * @param metricsNeedToken true when {@code /metrics} requires an admin or application bearer token
 */
public record HttpServerSettings(
        String bindAddress,
        int port,
        int maxBodyBytes,
        Duration readTimeout,
        Duration idleTimeout,
        int workerThreads,
        int workQueue,
        boolean metricsNeedToken) {

    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(120);
    public static final int DEFAULT_WORK_QUEUE = 1024;

    /** Defaults on the given address and port. */
    public static HttpServerSettings defaults(String bindAddress, int port) {
        return new HttpServerSettings(bindAddress, port, DEFAULT_MAX_BODY_BYTES, DEFAULT_READ_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT, 0, DEFAULT_WORK_QUEUE, false);
    }

    public HttpServerSettings withMaxBodyBytes(int bytes) {
        return new HttpServerSettings(bindAddress, port, bytes, readTimeout, idleTimeout, workerThreads, workQueue, metricsNeedToken);
    }

    public HttpServerSettings withTimeouts(Duration read, Duration idle) {
        return new HttpServerSettings(bindAddress, port, maxBodyBytes, read, idle, workerThreads, workQueue, metricsNeedToken);
    }

    public HttpServerSettings withWorkers(int threads, int queue) {
        return new HttpServerSettings(bindAddress, port, maxBodyBytes, readTimeout, idleTimeout, threads, queue, metricsNeedToken);
    }

    public HttpServerSettings withMetricsNeedToken(boolean needToken) {
        return new HttpServerSettings(bindAddress, port, maxBodyBytes, readTimeout, idleTimeout, workerThreads, workQueue, needToken);
    }

    int effectiveWorkerThreads() {
        return workerThreads > 0 ? workerThreads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }
}
