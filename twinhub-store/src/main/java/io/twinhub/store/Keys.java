package io.twinhub.store;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Key layout. Everything a session owns is keyed {@code clientId 0x00 ...}: RocksDB orders keys
 * bytewise, so one session's records are contiguous, in the order of their suffix, and the
 * range [{@code clientId 0x00}, {@code clientId 0x01}) holds exactly them. A client id never
 * contains 0x00 (MQTT forbids U+0000 in strings), so "a" 0x00 never starts a key of "ab" or of
 * "a\0b": removing "a" cannot touch another session.
 */
final class Keys {

    static final byte SEPARATOR = 0x00;

    private Keys() { }

    static byte[] session(String clientId) {
        return clientId(clientId);
    }

    static byte[] retained(String topic) {
        return topic.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] subscription(String clientId, String fullFilter) {
        byte[] filter = fullFilter.getBytes(StandardCharsets.UTF_8);
        byte[] key = withPrefix(clientId, filter.length);
        System.arraycopy(filter, 0, key, key.length - filter.length, filter.length);
        return key;
    }

    /** Thing id 0x00 name: a thing's shadows share the prefix range of {@link #rangeStart}. */
    static byte[] shadow(String thingId, String name) {
        return subscription(thingId, name);
    }

    /** Big-endian, so bytewise order is numeric order for the non-negative sequence numbers. */
    static byte[] queued(String clientId, long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("negative queue sequence number " + seq + " for client " + clientId);
        }
        byte[] key = withPrefix(clientId, 8);
        int at = key.length - 8;
        for (int i = 0; i < 8; i++) {
            key[at + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return key;
    }

    static byte[] inboundQos2(String clientId, int packetId) {
        if (packetId < 0 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet id out of range: " + packetId);
        }
        byte[] key = withPrefix(clientId, 2);
        key[key.length - 2] = (byte) (packetId >>> 8);
        key[key.length - 1] = (byte) packetId;
        return key;
    }

    /** First key of everything {@code clientId} owns in a per-session column family. */
    static byte[] rangeStart(String clientId) {
        return withPrefix(clientId, 0);
    }

    /** The prefix with its last byte (the 0x00 separator) incremented: the exclusive end. */
    static byte[] rangeEnd(String clientId) {
        byte[] end = withPrefix(clientId, 0);
        end[end.length - 1] = SEPARATOR + 1;
        return end;
    }

    /** The client id a per-session key starts with. */
    static String clientIdOf(byte[] key) {
        int sep = indexOfSeparator(key);
        if (sep < 0) {
            throw new IllegalArgumentException("no separator after the client id");
        }
        return new String(key, 0, sep, StandardCharsets.UTF_8);
    }

    static String suffixString(byte[] key) {
        int sep = indexOfSeparator(key);
        return new String(key, sep + 1, key.length - sep - 1, StandardCharsets.UTF_8);
    }

    static long seqOf(byte[] key) {
        requireSuffix(key, 8);
        long seq = 0;
        for (int i = key.length - 8; i < key.length; i++) {
            seq = (seq << 8) | (key[i] & 0xFF);
        }
        return seq;
    }

    static int packetIdOf(byte[] key) {
        requireSuffix(key, 2);
        return ((key[key.length - 2] & 0xFF) << 8) | (key[key.length - 1] & 0xFF);
    }

    /** A key as an operator can read it in an error message. */
    static String describe(Cf cf, byte[] key) {
        try {
            return switch (cf) {
                case SESSIONS -> "client id \"" + utf8(key) + "\"";
                case RETAINED -> "topic \"" + utf8(key) + "\"";
                case SUBSCRIPTIONS -> "client id \"" + clientIdOf(key) + "\", filter \"" + suffixString(key) + "\"";
                case QUEUED -> "client id \"" + clientIdOf(key) + "\", seq " + seqOf(key);
                case INBOUND_QOS2 -> "client id \"" + clientIdOf(key) + "\", packet id " + packetIdOf(key);
                case SHADOWS -> "thing \"" + clientIdOf(key) + "\", shadow \"" + suffixString(key) + "\"";
                case DEVICES, APPLICATIONS, ADMIN_TOKENS -> "name \"" + utf8(key) + "\"";
                case TELEMETRY_LOG -> "seq " + TelemetryKeys.logSeqOf(key);
                case SERIES -> TelemetryKeys.describeChunk(key);
                case LATEST -> "device \"" + clientIdOf(key) + "\", key \"" + suffixString(key) + "\"";
            };
        } catch (RuntimeException malformed) {
            return "malformed key 0x" + HexFormat.of().formatHex(key);
        }
    }

    private static byte[] clientId(String clientId) {
        if (clientId.indexOf('\0') >= 0) {
            // would break the prefix ranges above; the MQTT layer must refuse such an id first
            throw new IllegalArgumentException("client id contains U+0000: " + clientId.replace('\0', '?'));
        }
        return clientId.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withPrefix(String clientId, int suffixLength) {
        byte[] id = clientId(clientId);
        byte[] key = new byte[id.length + 1 + suffixLength];
        System.arraycopy(id, 0, key, 0, id.length);
        key[id.length] = SEPARATOR;
        return key;
    }

    private static int indexOfSeparator(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] == SEPARATOR) {
                return i;
            }
        }
        return -1;
    }

    private static void requireSuffix(byte[] key, int length) {
        int sep = indexOfSeparator(key);
        if (sep < 0 || key.length - sep - 1 != length) {
            throw new IllegalArgumentException("expected client id, 0x00 and " + length + " bytes");
        }
    }

    private static String utf8(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }
}
