package io.twinhub.mqtt;

import java.util.HashMap;

/**
 * MQTT 5 topic aliases of one connection, both ways. Maps are made on first use, so connections
 * that never use aliases pay nothing.
 */
final class TopicAliases {

    private HashMap<Integer, String> inbound;
    private HashMap<String, Integer> outbound;

    /** Records an alias the client set along with a topic name. */
    void setInbound(int alias, String topic) {
        if (inbound == null) {
            inbound = new HashMap<>();
        }
        inbound.put(alias, topic);
    }

    /** The topic a client alias stands for, or null if the client never set it. */
    String resolveInbound(int alias) {
        return inbound == null ? null : inbound.get(alias);
    }

    /**
     * The alias to send with a topic: a positive alias already known to the client (send an empty
     * topic), a negative one just assigned (send topic and alias), or 0 when none is available.
     */
    int outboundAlias(String topic, int clientMaximum) {
        if (clientMaximum == 0) {
            return 0;
        }
        if (outbound == null) {
            outbound = new HashMap<>();
        }
        Integer known = outbound.get(topic);
        if (known != null) {
            return known;
        }
        if (outbound.size() >= clientMaximum) {
            return 0;
        }
        int assigned = outbound.size() + 1;
        outbound.put(topic, assigned);
        return -assigned;
    }
}
