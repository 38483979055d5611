package io.twinhub.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a twinhub node the bench started says about itself on its first lines (docs/SECURITY.md,
 * docs/TLS.md): its listeners and, on a first start, the admin token it created. The bench starts
 * the node with free ports and a fresh data directory, so its log is the only place to learn them.
 *
 * @param mqtts the MQTT-over-TLS listener, or null when TLS is off
 * @param http the REST API's base address, or null when HTTP is off
 * @param adminToken the admin token of a first start, or null (a data directory used before)
 */
public record TwinhubEndpoints(InetSocketAddress mqtts, URI http, String adminToken) {

    private static final Pattern LISTENING = Pattern.compile("^twinhub \\S+ listening: (.*)$");
    private static final Pattern MQTTS = Pattern.compile("\\bmqtts ssl://(\\[[^]]+]|[^:\\s]+):(\\d+)");
    private static final Pattern HTTP = Pattern.compile("\\bhttp (http://\\S+)");
    private static final Pattern ADMIN_TOKEN = Pattern.compile("^\\s+(thk_\\S+)\\s*$");

    /** Parses the log lines; null while the "listening" line is not there yet. */
    static TwinhubEndpoints parse(List<String> lines) {
        String listening = null;
        String token = null;
        boolean tokenFollows = false;
        for (String line : lines) {
            Matcher l = LISTENING.matcher(line);
            if (l.matches()) {
                listening = l.group(1);
            } else if (line.startsWith("twinhub: first start: created admin token")) {
                tokenFollows = true;
            } else if (tokenFollows) {
                Matcher t = ADMIN_TOKEN.matcher(line);
                if (t.matches()) {
                    token = t.group(1);
                    tokenFollows = false;
                }
            }
        }
        if (listening == null) {
            return null;
        }
        InetSocketAddress mqtts = null;
        Matcher m = MQTTS.matcher(listening);
        if (m.find()) {
            mqtts = new InetSocketAddress(m.group(1).replace("[", "").replace("]", ""), Integer.parseInt(m.group(2)));
        }
        Matcher h = HTTP.matcher(listening);
        URI http = h.find() ? URI.create(h.group(1)) : null;
        return new TwinhubEndpoints(mqtts, http, token);
    }

    /**
     * Waits (at most {@code timeoutSeconds}) until the node's log names its listeners; the admin
     * token is printed right after them, so a short grace follows for it.
     */
    public static TwinhubEndpoints await(Path log, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        TwinhubEndpoints found = null;
        long tokenDeadline = Long.MAX_VALUE;
        while (System.nanoTime() < Math.min(deadline, tokenDeadline)) {
            found = Files.exists(log) ? parse(Files.readAllLines(log)) : null;
            if (found != null && found.adminToken() != null) {
                return found;
            }
            if (found != null && tokenDeadline == Long.MAX_VALUE) {
                tokenDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            }
            Thread.sleep(50);
        }
        if (found == null) {
            throw new IOException("twinhub did not say where it listens within " + timeoutSeconds + " s; see " + log);
        }
        return found;
    }
}
