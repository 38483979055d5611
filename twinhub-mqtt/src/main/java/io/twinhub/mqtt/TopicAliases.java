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

    /** The alias the client already knows for this topic, or 0. */
    int knownOutbound(String topic) {
        if (outbound == null) {
            return 0;
        }
        Integer known = outbound.get(topic);
        return known == null ? 0 : known;
    }

    /** Assigns a new alias for a topic the client does not know yet; 0 when all are taken. */
    int assignOutbound(String topic, int clientMaximum) {
        if (outbound == null) {
            outbound = new HashMap<>();
        }
        if (outbound.size() >= clientMaximum) {
            return 0;
        }
        int assigned = outbound.size() + 1;
        outbound.put(topic, assigned);
        return assigned;
    }
}
