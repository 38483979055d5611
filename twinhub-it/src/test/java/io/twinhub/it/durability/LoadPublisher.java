package io.twinhub.it.durability;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Publishes numbered messages ({@code publisherId:seq}, seq from 1) on {@code load/<id>} as
 * fast as the broker acknowledges them, with a small window of messages in flight, and records
 * which ones the broker acknowledged: PUBACK for QoS 1, PUBREC for QoS 2 (from then on the
 * broker owns the message). A negative acknowledgement (5.0 reason code &ge; 0x80) does not count.
 *
 * <p>A persistent publisher behaves as MQTT requires across connections: after a reconnect it
 * first sends again, in order, every PUBLISH still unacknowledged (DUP, same packet id) and the
 * PUBREL of every QoS 2 message PUBREC'd but not yet completed. A clean one forgets them.
 */
final class LoadPublisher {

    private static final int WINDOW = 8;

    final String id;
    final int level;
    final int qos;
    final boolean persistent;
    final String topic;
    private final boolean retain;

    /** Acknowledged sequence numbers: every one of them must reach every subscriber. */
    final NavigableSet<Long> acked = new ConcurrentSkipListSet<>();

    private final Object lock = new Object();
    /** Packet id to in-flight entry, in send order. Guarded by {@link #lock}. */
    private final Map<Integer, InFlight> inflight = new LinkedHashMap<>();
    private long nextSeq = 1;
    private long refused;
    private final List<String> problems = new ArrayList<>();

    private Wire wire;
    private Thread writer;
    private Thread reader;
    private volatile boolean sending;

    private static final class InFlight {
        final long seq;
        boolean released;

        InFlight(long seq) {
            this.seq = seq;
        }
    }

    LoadPublisher(String id, int level, int qos, boolean persistent) {
        this(id, level, qos, persistent, false);
    }

    private LoadPublisher(String id, int level, int qos, boolean persistent, boolean retain) {
        this.id = id;
        this.level = level;
        this.qos = qos;
        this.persistent = persistent;
        this.retain = retain;
        this.topic = "load/" + id;
    }

    /**
     * Retained QoS 1 messages on one topic, each replacing the last: every one is a store write
     * even with no subscriber, so this keeps the store's writer busy, and whatever a test asks
     * the store to write meanwhile waits its turn in the queue.
     */
    static LoadPublisher keepingTheStoreBusy(String id) {
        return new LoadPublisher(id, 4, 1, false, true);
    }

    static int packetIdFor(long seq) {
        return (int) ((seq - 1) % 65535) + 1;
    }

    /** Connects (resuming a persistent session), sends again what MQTT says to, then publishes on. */
    void start(int port) throws IOException {
        Wire.Connect connect = persistent ? Wire.Connect.persistent(level, id, 3600) : new Wire.Connect(level, id);
        wire = Wire.connect(port, connect);
        synchronized (lock) {
            if (persistent && nextSeq > 1 && !wire.connack().sessionPresent()) {
                problems.add(id + ": session present 0 on reconnect: its QoS 2 state is lost");
            }
            if (!persistent) {
                inflight.clear();
            }
            for (Map.Entry<Integer, InFlight> e : inflight.entrySet()) {
                if (e.getValue().released) {
                    wire.ack(Wire.PUBREL, e.getKey());
                } else {
                    wire.publish(topic, qos, true, retain, e.getKey(), id + ":" + e.getValue().seq);
                }
            }
        }
        sending = true;
        Wire w = wire;
        reader = Thread.ofPlatform().daemon().name(id + "-reader").start(() -> read(w));
        writer = Thread.ofPlatform().daemon().name(id + "-writer").start(() -> write(w));
    }

    private void write(Wire w) {
        try {
            while (sending) {
                long seq;
                synchronized (lock) {
                    while (sending && inflight.size() >= WINDOW) {
                        lock.wait(100);
                    }
                    if (!sending) {
                        return;
                    }
                    seq = nextSeq++;
                    inflight.put(packetIdFor(seq), new InFlight(seq));
                }
                w.publish(topic, qos, false, retain, packetIdFor(seq), id + ":" + seq);
            }
        } catch (IOException | InterruptedException e) {
            // the node died: the reader sees it too
        }
    }

    private void read(Wire w) {
        try {
            while (true) {
                WirePacket p = w.poll(Duration.ofMillis(200)).orElse(null);
                if (p == null) {
                    continue;
                }
                if (p.isClosed()) {
                    return;
                }
                onAck(w, p);
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            synchronized (lock) {
                sending = false;
                lock.notifyAll();
            }
        }
    }

    private void onAck(Wire w, WirePacket p) throws IOException {
        int packetId = p.packetId();
        boolean sendPubrel = false;
        synchronized (lock) {
            InFlight f = inflight.get(packetId);
            if (f == null) {
                problems.add(id + ": acknowledgement type " + p.type() + " for packet id " + packetId + " not in flight");
                return;
            }
            boolean failed = p.reasonCode() >= 0x80;
            switch (p.type()) {
                case Wire.PUBACK -> {
                    inflight.remove(packetId);
                    if (failed) {
                        refused++;
                    } else {
                        acked.add(f.seq);
                    }
                }
                case Wire.PUBREC -> {
                    if (failed) {
                        inflight.remove(packetId);
                        refused++;
                    } else {
                        acked.add(f.seq);
                        f.released = true;
                        sendPubrel = true;
                    }
                }
                case Wire.PUBCOMP -> {
                    if (f.released) {
                        inflight.remove(packetId);
                    } else {
                        problems.add(id + ": PUBCOMP before PUBREC for packet id " + packetId);
                    }
                }
                default -> problems.add(id + ": unexpected packet " + p);
            }
            lock.notifyAll();
        }
        if (sendPubrel) {
            w.ack(Wire.PUBREL, packetId);
        }
    }

    /** After the node died: waits (bounded) for the threads to notice, and drops the socket. */
    void awaitDisconnected() throws InterruptedException {
        sending = false;
        reader.join(5000);
        writer.join(5000);
        wire.close();
        if (reader.isAlive() || writer.isAlive()) {
            problems.add(id + ": client threads did not stop after the node died");
        }
    }

    /** Stops publishing new messages and waits (bounded) until nothing is in flight, then disconnects. */
    void finish(Duration timeout) throws InterruptedException, IOException {
        sending = false;
        writer.join(5000);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!inflight.isEmpty() && System.nanoTime() < deadline) {
                lock.wait(50);
            }
            if (!inflight.isEmpty()) {
                problems.add(id + ": " + inflight.size() + " messages still unacknowledged after " + timeout);
            }
        }
        wire.disconnect();
        reader.join(5000);
        wire.close();
    }

    /** Highest sequence number sent so far. */
    long sent() {
        synchronized (lock) {
            return nextSeq - 1;
        }
    }

    int inFlight() {
        synchronized (lock) {
            return inflight.size();
        }
    }

    long refused() {
        synchronized (lock) {
            return refused;
        }
    }

    List<String> problems() {
        synchronized (lock) {
            return List.copyOf(problems);
        }
    }

    void close() {
        sending = false;
        if (wire != null) {
            wire.close();
        }
    }
}
