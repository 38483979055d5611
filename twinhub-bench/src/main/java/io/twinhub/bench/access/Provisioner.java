package io.twinhub.bench.access;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Registers a run's devices through the REST API before anything is measured: {@code concurrency}
 * requests in flight at once (the node answers 503 beyond its worker queue), busy answers retried
 * after a short pause, and the whole job bounded in time.
 */
public final class Provisioner {

    /** Retries of one device answered 429/503 before the run gives up. */
    static final int MAX_BUSY_RETRIES = 50;

    private final HubApi api;
    private final int concurrency;
    private final long deadlineNanos;

    /** What provisioning took. */
    public record Outcome(List<String> tokens, long nanos, long busyAnswers) {
        public double perSecond() {
            return nanos <= 0 ? Double.NaN : tokens.size() * 1e9 / nanos;
        }
    }

    /**
     * @param timeoutSeconds the whole job's limit; past it the run fails rather than waiting on
     */
    public Provisioner(HubApi api, int concurrency, int timeoutSeconds) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.api = api;
        this.concurrency = concurrency;
        this.deadlineNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    }

    /**
     * Creates every device of {@code ids} and returns their tokens in the same order. Prints a
     * line every few seconds to {@code out} (null: quiet).
     *
     * @throws IOException when a device cannot be created (the node's answer is in the message)
     */
    public Outcome create(List<String> ids, PrintStream out) throws IOException, InterruptedException {
        AtomicReferenceArray<String> tokens = new AtomicReferenceArray<>(ids.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong busy = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + deadlineNanos;
        int workers = Math.min(concurrency, ids.size());
        List<Future<?>> futures = new ArrayList<>(workers);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers),
                r -> Thread.ofPlatform().daemon().name("bench-provision").unstarted(r));
        try {
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                        tokens.set(i, createOne(ids.get(i), deadline, busy));
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            long lastPrint = start;
            for (Future<?> f : futures) {
                while (true) {
                    try {
                        f.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException e) {
                        long now = System.nanoTime();
                        if (out != null && now - lastPrint >= TimeUnit.SECONDS.toNanos(5)) {
                            lastPrint = now;
                            out.printf("provision: %,d of %,d devices (%.0f/s)%n", done.get(), ids.size(),
                                    done.get() * 1e9 / (now - start));
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        next.set(ids.size()); // stop the other workers
                        Throwable c = e.getCause();
                        throw c instanceof IOException io ? io : new IOException(String.valueOf(c.getMessage()), c);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> list = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            list.add(tokens.get(i));
        }
        return new Outcome(list, System.nanoTime() - start, busy.get());
    }

    private String createOne(String id, long deadline, AtomicLong busy) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (System.nanoTime() > deadline) {
                throw new IOException("provisioning did not finish in time (at device " + id + ")");
            }
            HubApi.Answer a = api.createDevice(id);
            if (a instanceof HubApi.Answer.Token t) {
                return t.token();
            }
            busy.incrementAndGet();
            if (attempt >= MAX_BUSY_RETRIES) {
                throw new IOException("the node stayed busy (HTTP " + ((HubApi.Answer.Busy) a).status()
                        + ") while creating device " + id);
            }
            Thread.sleep(Math.min(1000, 20L << Math.min(attempt, 5)));
        }
    }
}
