package io.twinhub.bench.scenario;

import io.netty.handler.codec.mqtt.MqttVersion;
import io.twinhub.bench.server.ServerHandle;

import java.io.PrintStream;

/**
 * Everything a scenario needs besides its own options: the server under test and how the
 * generator runs.
 *
 * @param server the target
 * @param out where the progress table and summary go
 * @param progress print a row every second
 * @param threads generator event-loop threads
 * @param transport auto, epoll or nio
 * @param mqttVersion protocol version of every client
 * @param warmupSeconds traffic before the measured phase (JIT, pools, caches); discarded
 * @param durationSeconds the measured phase
 * @param drainTimeoutSeconds how long to wait for the server to confirm everything after a phase
 * @param sourceAddresses 127.0.0.x addresses to spread over (0 = automatic)
 * @param connectConcurrency connections in progress at once
 * @param runTag short random tag making topics and client ids unique to this run
 * @param username username in every CONNECT, or null
 * @param password password in every CONNECT, or null
 */
public record RunContext(
        ServerHandle server,
        PrintStream out,
        boolean progress,
        int threads,
        String transport,
        MqttVersion mqttVersion,
        int warmupSeconds,
        int durationSeconds,
        int drainTimeoutSeconds,
        int sourceAddresses,
        int connectConcurrency,
        String runTag,
        String username,
        String password) {

    public boolean v5() {
        return mqttVersion == MqttVersion.MQTT_5;
    }

    public RunContext withServer(ServerHandle s) {
        return new RunContext(s, out, progress, threads, transport, mqttVersion, warmupSeconds, durationSeconds,
                drainTimeoutSeconds, sourceAddresses, connectConcurrency, runTag, username, password);
    }

    public RunContext withRunTag(String tag) {
        return new RunContext(server, out, progress, threads, transport, mqttVersion, warmupSeconds, durationSeconds,
                drainTimeoutSeconds, sourceAddresses, connectConcurrency, tag, username, password);
    }

    /** A fresh random tag: 4 base-36 characters. */
    public static String newRunTag() {
        long v = java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36);
        String s = Long.toString(v, 36);
        return "0".repeat(4 - s.length()) + s;
    }
}
