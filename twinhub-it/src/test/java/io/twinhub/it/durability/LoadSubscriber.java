package io.twinhub.it.durability;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A persistent-session subscriber to {@code load/#} that acknowledges everything and records
 * every message it hands to its application, in arrival order, across connections.
 *
 * <p>QoS 2 is received as MQTT's receiver does it (delivery on PUBLISH, "method A"): the packet
 * id is remembered from PUBLISH until PUBREL, and a PUBLISH with a remembered id is a resend,
 * answered with PUBREC but not delivered again. That state outlives the connection, as the
 * client's session state must. So a message the application sees twice at QoS 2 is one the
 * broker really sent twice as two different messages.
 */
final class LoadSubscriber {

    /**
     * One message handed to the application.
     *
     * @param connection which connection of this subscriber received it (1 = the first)
     */
    record Delivered(String publisher, long seq, int qos, boolean dup, int packetId, int connection) {
        @Override
        public String toString() {
            return publisher + ":" + seq + " (qos " + qos + ", id " + packetId + (dup ? ", DUP" : "")
                    + ", connection " + connection + ")";
        }
    }

    final String id;
    final int level;
    final int qos;

    private final Object lock = new Object();
    private final List<Delivered> delivered = new ArrayList<>();
    private final Set<Integer> awaitingRelease = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private int resendsRecognised;
    private int dupFlags;

    private Wire wire;
    private int connections;
    private Thread reader;
    private volatile long lastPacketNanos;

    LoadSubscriber(String id, int level, int qos) {
        this.id = id;
        this.level = level;
        this.qos = qos;
    }

    /** First connection: a new persistent session, subscribed once to {@code load/#}. */
    void subscribe(int port) throws IOException {
        wire = Wire.connect(port, Wire.Connect.persistent(level, id, 3600));
        if (wire.connack().sessionPresent()) {
            throw new AssertionError(id + ": session present on the first connect");
        }
        wire.subscribeAndAwait(1, "load/#", qos);
        startReading();
    }

    /** After a restart: resumes the session (without subscribing again). */
    void reconnect(int port) throws IOException {
        wire = Wire.connect(port, Wire.Connect.persistent(level, id, 3600));
        if (!wire.connack().sessionPresent()) {
            synchronized (lock) {
                problems.add(id + ": session present 0 after the restart");
            }
        }
        startReading();
    }

    private void startReading() {
        lastPacketNanos = System.nanoTime();
        Wire w = wire;
        int connection = ++connections;
        reader = Thread.ofPlatform().daemon().name(id + "-reader").start(() -> read(w, connection));
    }

    private void read(Wire w, int connection) {
        try {
            while (true) {
                WirePacket p = w.poll(Duration.ofMillis(200)).orElse(null);
                if (p == null) {
                    continue;
                }
                if (p.isClosed()) {
                    return;
                }
                lastPacketNanos = System.nanoTime();
                switch (p.type()) {
                    case Wire.PUBLISH -> onPublish(w, p, connection);
                    case Wire.PUBREL -> {
                        synchronized (lock) {
                            awaitingRelease.remove(p.packetId());
                        }
                        w.ack(Wire.PUBCOMP, p.packetId());
                    }
                    default -> {
                        synchronized (lock) {
                            problems.add(id + ": unexpected packet " + p);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // the node died
        }
    }

    private void onPublish(Wire w, WirePacket p, int connection) throws IOException {
        String payload = p.payload();
        int colon = payload.lastIndexOf(':');
        Delivered d = new Delivered(payload.substring(0, colon), Long.parseLong(payload.substring(colon + 1)),
                p.qos(), p.dup(), p.packetId(), connection);
        synchronized (lock) {
            if (p.dup()) {
                dupFlags++;
            }
            if (p.qos() == 2 && !awaitingRelease.add(p.packetId())) {
                resendsRecognised++;
            } else {
                delivered.add(d);
            }
        }
        if (p.qos() == 1) {
            w.ack(Wire.PUBACK, p.packetId());
        } else if (p.qos() == 2) {
            w.ack(Wire.PUBREC, p.packetId());
        }
    }

    /** Waits until nothing has arrived for {@code quiet}, at most {@code max}; false if it never went quiet. */
    boolean awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - lastPacketNanos < quiet.toNanos()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** After the node died: waits (bounded) for the reader to notice. */
    void awaitDisconnected() throws InterruptedException {
        reader.join(5000);
        wire.close();
        if (reader.isAlive()) {
            synchronized (lock) {
                problems.add(id + ": reader did not stop after the node died");
            }
        }
    }

    List<Delivered> delivered() {
        synchronized (lock) {
            return List.copyOf(delivered);
        }
    }

    int resendsRecognised() {
        synchronized (lock) {
            return resendsRecognised;
        }
    }

    int dupFlags() {
        synchronized (lock) {
            return dupFlags;
        }
    }

    List<String> problems() {
        synchronized (lock) {
            return List.copyOf(problems);
        }
    }

    void close() {
        if (wire != null) {
            wire.close();
        }
    }
}
