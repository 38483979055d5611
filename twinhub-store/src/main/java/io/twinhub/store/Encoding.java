package io.twinhub.store;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.message.Payload;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.session.Will;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.store.SessionRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary encoding of stored values. Each value starts with a format version byte, so a
 * later version can change the encoding of one kind and still read the old records. Numbers are
 * varints (most are small), optional fields hide behind flag bits, strings are UTF-8 with a
 * length. Hand-written rather than Java serialization: compact, stable across refactorings of the
 * domain classes, and readable from another language if ever needed.
 *
 * <p>Encoding copies the payload bytes at once, so a group keeps no reference to a pooled buffer.
 * Decoded messages carry a {@link BytesPayload}.
 */
final class Encoding {

    static final int VERSION = 1;

    private Encoding() { }

    /** A value that does not decode; the store adds the column family and key to the message. */
    static final class MalformedException extends RuntimeException {
        MalformedException(String message) {
            super(message);
        }
    }

    // ---- Message ----------------------------------------------------------------------------

    private static final int MSG_RETAIN = 1 << 2;
    private static final int MSG_EXPIRY = 1 << 3;
    private static final int MSG_PUBLISHER = 1 << 4;
    private static final int MSG_PROPERTIES = 1 << 5;

    private static final int PROP_FORMAT = 1;
    private static final int PROP_CONTENT_TYPE = 1 << 1;
    private static final int PROP_RESPONSE_TOPIC = 1 << 2;
    private static final int PROP_CORRELATION = 1 << 3;

    static byte[] encodeMessage(Message m) {
        Writer w = new Writer(32 + m.topic().length() + m.payload().length());
        w.u8(VERSION);
        writeMessage(w, m);
        return w.toArray();
    }

    static Message decodeMessage(byte[] value) {
        Reader r = new Reader(value);
        r.version();
        Message m = readMessage(r);
        r.end();
        return m;
    }

    private static void writeMessage(Writer w, Message m) {
        MessageProperties p = m.properties();
        boolean hasProps = !p.isEmpty();
        int flags = twoBits(m.qos(), "qos")
                | (m.retain() ? MSG_RETAIN : 0)
                | (m.expiresAtMillis() != Message.NO_EXPIRY ? MSG_EXPIRY : 0)
                | (m.publisherId() != null ? MSG_PUBLISHER : 0)
                | (hasProps ? MSG_PROPERTIES : 0);
        w.u8(flags);
        w.string(m.topic());
        if ((flags & MSG_EXPIRY) != 0) {
            w.i64(m.expiresAtMillis());
        }
        if (m.publisherId() != null) {
            w.string(m.publisherId());
        }
        if (hasProps) {
            writeProperties(w, p);
        }
        Payload payload = m.payload();
        // a heap payload is read in place; any other (a socket buffer) is copied out once
        w.bytes(payload instanceof BytesPayload b ? b.bytes() : payload.toByteArray());
    }

    private static Message readMessage(Reader r) {
        int flags = r.u8();
        if ((flags & ~0x3F) != 0) {
            throw new MalformedException("unknown message flags 0x" + Integer.toHexString(flags));
        }
        String topic = r.string();
        long expiresAt = (flags & MSG_EXPIRY) != 0 ? r.i64() : Message.NO_EXPIRY;
        String publisher = (flags & MSG_PUBLISHER) != 0 ? r.string() : null;
        MessageProperties props = (flags & MSG_PROPERTIES) != 0 ? readProperties(r) : MessageProperties.NONE;
        byte[] payload = r.bytes();
        return new Message(topic, flags & 3, (flags & MSG_RETAIN) != 0,
                payload.length == 0 ? BytesPayload.EMPTY : new BytesPayload(payload), props, expiresAt, publisher);
    }

    private static void writeProperties(Writer w, MessageProperties p) {
        int flags = (p.payloadFormatIndicator() != null ? PROP_FORMAT : 0)
                | (p.contentType() != null ? PROP_CONTENT_TYPE : 0)
                | (p.responseTopic() != null ? PROP_RESPONSE_TOPIC : 0)
                | (p.correlationData() != null ? PROP_CORRELATION : 0);
        w.u8(flags);
        if (p.payloadFormatIndicator() != null) {
            w.zigzag(p.payloadFormatIndicator());
        }
        if (p.contentType() != null) {
            w.string(p.contentType());
        }
        if (p.responseTopic() != null) {
            w.string(p.responseTopic());
        }
        if (p.correlationData() != null) {
            w.bytes(p.correlationData());
        }
        List<MessageProperties.UserProperty> user = p.userProperties();
        w.varint(user.size());
        for (MessageProperties.UserProperty u : user) {
            w.string(u.name());
            w.string(u.value());
        }
    }

    private static MessageProperties readProperties(Reader r) {
        int flags = r.u8();
        if ((flags & ~0x0F) != 0) {
            throw new MalformedException("unknown property flags 0x" + Integer.toHexString(flags));
        }
        Integer format = (flags & PROP_FORMAT) != 0 ? r.zigzagInt() : null;
        String contentType = (flags & PROP_CONTENT_TYPE) != 0 ? r.string() : null;
        String responseTopic = (flags & PROP_RESPONSE_TOPIC) != 0 ? r.string() : null;
        byte[] correlation = (flags & PROP_CORRELATION) != 0 ? r.bytes() : null;
        int n = r.count(2);
        List<MessageProperties.UserProperty> user = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            user.add(new MessageProperties.UserProperty(r.string(), r.string()));
        }
        return new MessageProperties(format, contentType, responseTopic, correlation, List.copyOf(user));
    }

    // ---- QueuedMessage ----------------------------------------------------------------------

    private static final int Q_RETAIN = 1 << 2;

    /**
     * Encodes into this thread's scratch writer, which stays valid until the thread's next
     * scratch encoding: the caller copies it at once (into a write group), so a queued message
     * costs no array of its own on the publish path.
     */
    static Writer encodeQueuedToScratch(QueuedMessage q) {
        Writer w = SCRATCH.get();
        w.reset();
        writeQueued(w, q);
        return w;
    }

    private static void writeQueued(Writer w, QueuedMessage q) {
        Message m = q.message();
        w.u8(VERSION);
        w.varlong(q.seq());
        w.u8(twoBits(q.qos(), "qos") | (q.retain() ? Q_RETAIN : 0) | stateCode(q.state()) << 3);
        int[] ids = q.subscriptionIds() == null ? new int[0] : q.subscriptionIds();
        w.varint(ids.length);
        for (int id : ids) {
            w.varint(id);
        }
        writeMessage(w, m);
    }

    static QueuedMessage decodeQueued(byte[] value) {
        Reader r = new Reader(value);
        r.version();
        long seq = r.varlong();
        int flags = r.u8();
        if ((flags & ~0x1F) != 0) {
            throw new MalformedException("unknown queued-message flags 0x" + Integer.toHexString(flags));
        }
        QueuedMessage.State state = stateOf((flags >>> 3) & 3);
        int[] ids = new int[r.count(1)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.varint();
        }
        Message m = readMessage(r);
        r.end();
        return new QueuedMessage(seq, m, flags & 3, (flags & Q_RETAIN) != 0, ids, state);
    }

    /** Fixed codes, not ordinals: reordering the enum must not change stored data. */
    private static int stateCode(QueuedMessage.State s) {
        return switch (s) {
            case QUEUED -> 0;
            case SENT -> 1;
            case RELEASED -> 2;
        };
    }

    private static QueuedMessage.State stateOf(int code) {
        return switch (code) {
            case 0 -> QueuedMessage.State.QUEUED;
            case 1 -> QueuedMessage.State.SENT;
            case 2 -> QueuedMessage.State.RELEASED;
            default -> throw new MalformedException("unknown queued-message state " + code);
        };
    }

    // ---- SessionRecord ----------------------------------------------------------------------

    /** The client id is the key; it is not repeated in the value. */
    static byte[] encodeSession(SessionRecord s) {
        Will will = s.will();
        Writer w = new Writer(will == null ? 24 : 64 + will.message().payload().length());
        w.u8(VERSION);
        w.varlong(s.expirySeconds());
        w.varlong(s.disconnectedAtMillis());
        w.u8(will == null ? 0 : 1);
        if (will != null) {
            w.varlong(will.delaySeconds());
            w.zigzag(will.expirySeconds());
            writeMessage(w, will.message());
        }
        return w.toArray();
    }

    static SessionRecord decodeSession(String clientId, byte[] value) {
        Reader r = new Reader(value);
        r.version();
        long expiry = r.varlong();
        long disconnectedAt = r.varlong();
        int hasWill = r.u8();
        Will will = null;
        if (hasWill == 1) {
            long delay = r.varlong();
            long willExpiry = r.zigzag();
            will = new Will(readMessage(r), delay, willExpiry);
        } else if (hasWill != 0) {
            throw new MalformedException("bad will marker " + hasWill);
        }
        r.end();
        return new SessionRecord(clientId, expiry, disconnectedAt, will);
    }

    // ---- Subscription -----------------------------------------------------------------------

    private static final int SUB_NO_LOCAL = 1 << 2;
    private static final int SUB_RETAIN_AS_PUBLISHED = 1 << 3;
    private static final int SUB_SHARED = 1 << 6;

    static byte[] encodeSubscription(Subscription s) {
        Writer w = new Writer(16 + s.clientId().length() + s.filter().length());
        w.u8(VERSION);
        w.string(s.clientId());
        w.string(s.filter());
        w.u8(twoBits(s.qos(), "qos")
                | (s.noLocal() ? SUB_NO_LOCAL : 0)
                | (s.retainAsPublished() ? SUB_RETAIN_AS_PUBLISHED : 0)
                | twoBits(s.retainHandling(), "retain handling") << 4
                | (s.shareGroup() != null ? SUB_SHARED : 0));
        if (s.shareGroup() != null) {
            w.string(s.shareGroup());
        }
        w.varint(s.subscriptionId());
        return w.toArray();
    }

    static Subscription decodeSubscription(byte[] value) {
        Reader r = new Reader(value);
        r.version();
        String clientId = r.string();
        String filter = r.string();
        int flags = r.u8();
        if ((flags & ~0x7F) != 0) {
            throw new MalformedException("unknown subscription flags 0x" + Integer.toHexString(flags));
        }
        String group = (flags & SUB_SHARED) != 0 ? r.string() : null;
        int id = r.varint();
        r.end();
        return new Subscription(clientId, filter, group, flags & 3, (flags & SUB_NO_LOCAL) != 0,
                (flags & SUB_RETAIN_AS_PUBLISHED) != 0, (flags >>> 4) & 3, id);
    }

    private static int twoBits(int value, String what) {
        if (value < 0 || value > 3) {
            throw new IllegalArgumentException(what + " out of range: " + value);
        }
        return value;
    }

    // ---- primitives -------------------------------------------------------------------------

    private static final ThreadLocal<Writer> SCRATCH = ThreadLocal.withInitial(() -> new Writer(256));

    /** A growable byte array: cheaper than DataOutputStream over ByteArrayOutputStream. */
    static final class Writer {
        /** A scratch writer that grew past this (a large payload) is shrunk back when reused. */
        private static final int SCRATCH_KEEP_BYTES = 64 * 1024;

        private byte[] buf;
        private int pos;

        Writer(int sizeHint) {
            buf = new byte[Math.max(16, sizeHint)];
        }

        /** The encoded bytes: the first {@link #length()} of this array, not a copy. */
        byte[] array() {
            return buf;
        }

        int length() {
            return pos;
        }

        private void reset() {
            pos = 0;
            if (buf.length > SCRATCH_KEEP_BYTES) {
                buf = new byte[256];
            }
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void i64(long v) {
            ensure(8);
            for (int i = 56; i >= 0; i -= 8) {
                buf[pos++] = (byte) (v >>> i);
            }
        }

        /** Unsigned LEB128; a negative int takes 5 bytes and reads back the same. */
        void varint(int v) {
            varlong(v & 0xFFFFFFFFL);
        }

        /** Unsigned LEB128; a negative long takes 10 bytes and reads back the same. */
        void varlong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        /** For values that are often small and negative (-1 for "none"). */
        void zigzag(long v) {
            varlong((v << 1) ^ (v >> 63));
        }

        void bytes(byte[] b) {
            varint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        void string(String s) {
            bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        byte[] toArray() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }
    }

    /** Reads what {@link Writer} wrote; every overrun is a {@link MalformedException}, never an AIOOBE. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        void version() {
            int v = u8();
            if (v != VERSION) {
                throw new MalformedException("unknown format version " + v + " (this twinhub reads version "
                        + VERSION + ")");
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        long i64() {
            need(8);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        long varlong() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = u8();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw new MalformedException("varint longer than 10 bytes at offset " + pos);
        }

        int varint() {
            long v = varlong();
            if ((v >>> 32) != 0) {
                throw new MalformedException("varint out of int range at offset " + pos);
            }
            return (int) v;
        }

        long zigzag() {
            long v = varlong();
            return (v >>> 1) ^ -(v & 1);
        }

        int zigzagInt() {
            long v = zigzag();
            if (v != (int) v) {
                throw new MalformedException("value out of int range at offset " + pos);
            }
            return (int) v;
        }

        /** A count of items each at least {@code minBytes} long: bounded by what is left. */
        int count(int minBytes) {
            int n = varint();
            if (n < 0 || (long) n * minBytes > buf.length - pos) {
                throw new MalformedException("count " + Integer.toUnsignedString(n) + " exceeds the "
                        + (buf.length - pos) + " bytes left at offset " + pos);
            }
            return n;
        }

        byte[] bytes() {
            int n = count(1);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        String string() {
            int n = count(1);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void end() {
            if (pos != buf.length) {
                throw new MalformedException((buf.length - pos) + " unexpected trailing bytes");
            }
        }

        private void need(int n) {
            if (pos + n > buf.length) {
                throw new MalformedException("value ends early: needed " + n + " more byte(s) at offset " + pos
                        + " of " + buf.length);
            }
        }
    }
}
