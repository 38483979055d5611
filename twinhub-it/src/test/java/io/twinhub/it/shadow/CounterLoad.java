package io.twinhub.it.shadow;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One device reporting a counter as fast as its answers allow: QoS 1 updates
 * {@code {"state":{"reported":{"counter":n}},"clientToken":"<device>-n"}}, at most
 * {@code window} unanswered at once, until stopped or the connection is gone. It records what
 * was sent and which updates were accepted, with their versions.
 */
final class CounterLoad {

    /** An update the hub accepted. */
    record Accepted(long counter, long version) { }

    private final ShadowClient client;
    private final Shadow shadow;
    private final long firstCounter;
    private final Semaphore window;
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long lastSent;
    private Thread sender;
    private Thread receiver;

    CounterLoad(ShadowClient client, Shadow shadow, long firstCounter, int window) {
        this.client = client;
        this.shadow = shadow;
        this.firstCounter = firstCounter;
        this.lastSent = firstCounter - 1;
        this.window = new Semaphore(window);
        client.subscribed(shadow.topic("update/accepted"), shadow.topic("update/rejected"));
    }

    CounterLoad start() {
        sender = Thread.ofPlatform().daemon().name("load-send-" + shadow.thing()).start(this::send);
        receiver = Thread.ofPlatform().daemon().name("load-receive-" + shadow.thing()).start(this::receive);
        return this;
    }

    private void send() {
        long n = firstCounter;
        try {
            while (running && client.isConnected()) {
                if (!window.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                String body = Json.update(null, "{\"counter\":" + n + "}", shadow.thing() + "-" + n);
                lastSent = n;
                client.publishAsync(shadow.topic("update"), body.getBytes(StandardCharsets.UTF_8), 1);
                n++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void receive() {
        while (running) {
            Optional<Answer> a = client.poll(Duration.ofMillis(100));
            if (a.isEmpty()) {
                continue;
            }
            window.release();
            record(a.get());
        }
    }

    private synchronized void record(Answer a) {
        String token = a.clientToken();
        long counter = token == null ? -1 : Long.parseLong(token.substring(token.lastIndexOf('-') + 1));
        if (!a.is("update/accepted")) {
            problems.add(shadow.thing() + ": update " + counter + " refused: " + a);
            return;
        }
        if (!accepted.isEmpty()) {
            Accepted before = accepted.getLast();
            if (counter != before.counter() + 1 || a.version() != before.version() + 1) {
                problems.add(shadow.thing() + ": accepted " + counter + " as version " + a.version() + " after "
                        + before.counter() + " as version " + before.version() + " (answers out of order or a version skipped)");
            }
        }
        accepted.add(new Accepted(counter, a.version()));
    }

    /** Stops sending and receiving and waits (bounded) for both threads. */
    void stop() throws InterruptedException {
        running = false;
        sender.join(5_000);
        receiver.join(5_000);
    }

    long firstCounter() {
        return firstCounter;
    }

    long lastSent() {
        return lastSent;
    }

    synchronized List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
