package io.twinhub.store;

import java.nio.charset.StandardCharsets;

/**
 * The column families, one per kind of record, so that each has the key layout and tuning that
 * suits it and recovery reads each kind with one sequential scan.
 */
enum Cf {
    /** key: clientId. */
    SESSIONS("sessions", false),
    /** key: clientId 0x00 fullFilter. */
    SUBSCRIPTIONS("subscriptions", false),
    /** key: topic. Values can be large: compressed. */
    RETAINED("retained", true),
    /** key: clientId 0x00 seq (8 bytes big-endian): a prefix scan is the session's queue in order. */
    QUEUED("queued", true),
    /** key: clientId 0x00 packetId (2 bytes big-endian); empty value. */
    INBOUND_QOS2("inbound_qos2", false),
    /** key: device id. The device registry: attributes and token hash (JSON). */
    DEVICES("devices", false),
    /** key: application name. Secret hash and topic rules (JSON). */
    APPLICATIONS("applications", false),
    /** key: admin token name. Token hash (JSON). */
    ADMIN_TOKENS("admin_tokens", false),
    /** key: thing id 0x00 shadow name ("" for the classic shadow): a prefix scan lists a thing's shadows. JSON, compressed. */
    SHADOWS("shadows", true);

    final String cfName;
    /** Holds message payloads, which are large and often compressible (JSON telemetry). */
    final boolean holdsPayloads;

    Cf(String cfName, boolean holdsPayloads) {
        this.cfName = cfName;
        this.holdsPayloads = holdsPayloads;
    }

    byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
