package io.twinhub.server.cli;

import io.twinhub.server.config.LimitSettings;
import picocli.CommandLine.Option;

/** Command-line overrides of the main broker limits; the rest are set in the config file. */
public final class LimitOptions {

    @Option(names = "--max-packet-size", paramLabel = "BYTES",
            description = "Largest MQTT packet accepted (default: 262144).")
    Integer maxPacketSize;

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open MQTT connections accepted (default: 1000000).")
    Integer maxConnections;

    @Option(names = "--max-inflight", paramLabel = "N",
            description = "Unacknowledged QoS 1/2 messages sent per client (default: 64).")
    Integer maxInflight;

    @Option(names = "--max-queued-messages", paramLabel = "N",
            description = "Messages queued per offline or busy session (default: 10000).")
    Integer maxQueuedMessages;

    @Option(names = "--receive-maximum", paramLabel = "N",
            description = "Unacknowledged QoS 1/2 messages a client may send us (default: 1024).")
    Integer receiveMaximum;

    @Option(names = "--server-keep-alive", paramLabel = "SECONDS",
            description = "Keep-alive imposed on clients, 0 = accept theirs (default: 0).")
    Integer serverKeepAlive;

    @Option(names = "--max-session-expiry", paramLabel = "SECONDS",
            description = "Cap on the session expiry a client may ask for (default: 604800).")
    Long maxSessionExpiry;

    LimitSettings toSettings() {
        return new LimitSettings(maxPacketSize, null, null, receiveMaximum, maxInflight, maxQueuedMessages,
                maxConnections, maxSessionExpiry, serverKeepAlive, null, null, null);
    }
}
