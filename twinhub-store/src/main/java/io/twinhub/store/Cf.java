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
    SHADOWS("shadows", true),
    /** key: seq (8 bytes big-endian). The telemetry ingest log: batches not yet in chunks. Compressed. */
    TELEMETRY_LOG("telemetry_log", true),
    /**
     * key: series hash (8 bytes) device 0x00 key length (2 bytes) key, bucket start (8 bytes, sign
     * flipped), seq (8 bytes): see {@link TelemetryKeys}. Series chunks; the hash is the prefix that
     * bloom filters index. FIFO compaction with a TTL when telemetry has a retention.
     */
    SERIES("series", true),
    /** key: device 0x00 telemetry key. Latest value per series; a prefix scan lists a device's keys. */
    LATEST("latest", false);

    final String cfName;
    /** Holds message payloads or telemetry, which are large and often compressible. */
    final boolean holdsPayloads;

    Cf(String cfName, boolean holdsPayloads) {
        this.cfName = cfName;
        this.holdsPayloads = holdsPayloads;
    }

    byte[] nameBytes() {
        return cfName.getBytes(StandardCharsets.UTF_8);
    }
}
