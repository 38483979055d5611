package io.twinhub.it.v3;

import io.twinhub.it.RunningNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs the mosquitto command-line clients against the test node (MQTT 3.1.1, 127.0.0.1). Every
 * process is tracked by {@link Clients} and killed after the test if still running.
 */
final class Mosquitto {

    /** Output format for received messages: retain flag, QoS, topic, payload. */
    static final String FORMAT = "MSG|%r|%q|%t|%p";

    private final RunningNode node;
    private final Clients clients;

    Mosquitto(RunningNode node, Clients clients) {
        this.node = node;
        this.clients = clients;
    }

    /** A message printed by mosquitto_sub in {@link #FORMAT}. */
    record Message(boolean retained, int qos, String topic, String payload) {
        static Message parse(String line) {
            String[] f = line.split("\\|", 5);
            return new Message("1".equals(f[1]), Integer.parseInt(f[2]), f[3], f[4]);
        }
    }

    /** A running mosquitto_sub whose output lines are collected as they come. */
    static final class Sub {
        final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread reader;

        Sub(Process process) {
            this.process = process;
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        all.add(line);
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            }, "mosquitto_sub-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for a line starting with {@code prefix}; fails with everything seen so far if none comes. */
        String awaitLine(String prefix, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = deadline - System.nanoTime();
                String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("mosquitto_sub printed no line starting with '" + prefix
                            + "' within " + timeout + "; output: " + all);
                }
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        /** Waits until the SUBACK has been received (needs {@code -d}). */
        void awaitSubscribed() throws InterruptedException {
            awaitLine("Subscribed (mid", Duration.ofSeconds(5));
        }

        Message nextMessage(Duration timeout) throws InterruptedException {
            return Message.parse(awaitLine("MSG|", timeout));
        }

        /** Waits for the process to end by itself (and its output to be read); returns its exit code. */
        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("mosquitto_sub still running after " + timeout + "; output: " + all);
            }
            reader.join(timeout.toMillis());
            return process.exitValue();
        }

        List<Message> messages() {
            synchronized (all) {
                return all.stream().filter(l -> l.startsWith("MSG|")).map(Message::parse).toList();
            }
        }

        List<String> output() {
            synchronized (all) {
                return List.copyOf(all);
            }
        }
    }

    private List<String> base(String tool) {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool);
        cmd.add("-h");
        cmd.add(node.host());
        cmd.add("-p");
        cmd.add(Integer.toString(node.port()));
        cmd.add("-V");
        cmd.add("mqttv311");
        return cmd;
    }

    /**
     * Starts mosquitto_sub with the given arguments plus host, port, protocol version and
     * {@link #FORMAT}. Its stdout is a pipe, so it runs under {@code stdbuf -oL}: otherwise the
     * {@code -d} lines that tell when the subscription is in place would sit in its buffer.
     */
    Sub sub(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL"));
        cmd.addAll(base("mosquitto_sub"));
        cmd.add("-F");
        cmd.add(FORMAT);
        cmd.addAll(List.of(args));
        Process p = clients.track(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        return new Sub(p);
    }

    /** Runs mosquitto_pub to completion and returns its output; fails on a non-zero exit code. */
    String pub(String... args) throws IOException, InterruptedException {
        return pubWithInput(null, args);
    }

    String pubWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = base("mosquitto_pub");
        cmd.addAll(List.of(args));
        Process p = clients.track(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("mosquitto_pub did not finish: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError("mosquitto_pub exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
