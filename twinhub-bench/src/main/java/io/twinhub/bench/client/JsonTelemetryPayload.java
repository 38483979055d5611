package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The {@code fleet} scenario's telemetry: a small JSON document as devices send it, with fixed-width
 * numbers so the hot path patches digits in place instead of formatting strings:
 * <pre>{"ts":0000000123456789012,"dev":00000042,"seq":000000000017,"temp":21.5,"hum":48.2,"bat":97}</pre>
 * {@code ts} is System.nanoTime (the same clock as {@link BinaryPayload}); the zero padding keeps
 * the document valid JSON only in spirit (leading zeros), which brokers never inspect. Use
 * {@link #text()} for the exact template.
 */
public final class JsonTelemetryPayload implements PayloadCodec {

    public static final JsonTelemetryPayload INSTANCE = new JsonTelemetryPayload();

    private static final String PREFIX = "{\"ts\":";
    private static final int TS_AT = PREFIX.length();
    private static final int TS_DIGITS = 19;
    private static final String DEV = ",\"dev\":";
    private static final int DEV_AT = TS_AT + TS_DIGITS + DEV.length();
    private static final int DEV_DIGITS = 8;
    private static final String SEQ = ",\"seq\":";
    private static final int SEQ_AT = DEV_AT + DEV_DIGITS + SEQ.length();
    private static final int SEQ_DIGITS = 12;
    private static final String REST = ",\"temp\":21.5,\"hum\":48.2,\"bat\":97}";

    private static final String TEXT = PREFIX + "0".repeat(TS_DIGITS) + DEV + "0".repeat(DEV_DIGITS)
            + SEQ + "0".repeat(SEQ_DIGITS) + REST;

    private JsonTelemetryPayload() { }

    /** The template document (all numbers zero). */
    public static String text() {
        return TEXT;
    }

    public static byte[] bytes() {
        return TEXT.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void stamp(ByteBuf buf, int index, int length, long timestampNanos, int source, long seq) {
        writeDigits(buf, index + TS_AT, TS_DIGITS, Math.max(0, timestampNanos));
        writeDigits(buf, index + DEV_AT, DEV_DIGITS, source);
        writeDigits(buf, index + SEQ_AT, SEQ_DIGITS, seq);
    }

    @Override
    public long timestamp(ByteBuf buf, int index, int length) {
        if (length < TEXT.length() || buf.getByte(index) != '{') {
            return NO_TIMESTAMP;
        }
        return readDigits(buf, index + TS_AT, TS_DIGITS);
    }

    @Override
    public int source(ByteBuf buf, int index, int length) {
        return length < TEXT.length() ? -1 : (int) readDigits(buf, index + DEV_AT, DEV_DIGITS);
    }

    @Override
    public long seq(ByteBuf buf, int index, int length) {
        return length < TEXT.length() ? -1 : readDigits(buf, index + SEQ_AT, SEQ_DIGITS);
    }

    /** Writes {@code value} as exactly {@code digits} decimal digits (keeps the lowest ones if too large). */
    static void writeDigits(ByteBuf buf, int index, int digits, long value) {
        long v = value;
        for (int i = index + digits - 1; i >= index; i--) {
            buf.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
    }

    static long readDigits(ByteBuf buf, int index, int digits) {
        long v = 0;
        for (int i = index; i < index + digits; i++) {
            v = v * 10 + (buf.getByte(i) - '0');
        }
        return v;
    }
}
