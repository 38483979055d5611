package io.twinhub.bench.client;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;

/**
 * The {@code fleet} scenario's telemetry: strict JSON in the timestamped shape of
 * docs/TELEMETRY.md, with a fixed number of points, written so the hot path patches digits in
 * place instead of formatting strings:
 * <pre>{"ts":1733412345678,"values":{"ns":1000012345678901234,"dev":100000042,"seq":1000000000017,"temp":21.7,"hum":27.4}}</pre>
 *
 * <ul>
 *   <li>{@code ts}: the device's clock in epoch milliseconds (13 digits until the year 2286),
 *       derived from the send time;</li>
 *   <li>the first points carry what subscribers need, as many as the payload has points:
 *       {@code ns} the send time (System.nanoTime, as in {@link BinaryPayload}) plus 10<sup>18</sup>,
 *       {@code dev} the device's index plus 10<sup>8</sup>, {@code seq} its sequence number plus
 *       10<sup>12</sup>. The offsets give every number a fixed width without leading zeros, which
 *       JSON forbids;</li>
 *   <li>the other points are sensor readings ({@code temp}, {@code hum}, …, then {@code s10},
 *       {@code s11}, …) between 20.0 and 29.9 that change with every message, as readings do.</li>
 * </ul>
 *
 * Every point is stored by a hub that keeps telemetry, so the stamps count as points too.
 */
public final class TelemetryPayload implements PayloadCodec {

    /** Most points one payload may hold at the hub's default limit. */
    public static final int MAX_POINTS = 1000;

    private static final String[] SENSORS = {"temp", "hum", "bat", "pres", "co2", "lux", "volt", "curr", "rssi", "rpm"};
    private static final int TS_DIGITS = 13;
    private static final int NS_DIGITS = 19;
    private static final long NS_BASE = 1_000_000_000_000_000_000L;
    private static final int DEV_DIGITS = 9;
    private static final long DEV_BASE = 100_000_000L;
    private static final int SEQ_DIGITS = 13;
    private static final long SEQ_BASE = 1_000_000_000_000L;

    private final int points;
    private final String text;
    private final int tsAt;
    private final int nsAt;
    private final int devAt;
    private final int seqAt;
    /** Where each sensor value's two varying digits are: "2D.D". */
    private final int[] sensorAt;
    /** Epoch milliseconds minus System.nanoTime in milliseconds, fixed when the run starts. */
    private final long wallOffsetMillis;

    public TelemetryPayload(int points) {
        if (points < 1 || points > MAX_POINTS) {
            throw new IllegalArgumentException("points per payload must be 1.." + MAX_POINTS + ", got " + points);
        }
        this.points = points;
        StringBuilder b = new StringBuilder("{\"ts\":");
        tsAt = b.length();
        b.append("1".repeat(TS_DIGITS)).append(",\"values\":{");
        int stamps = Math.min(3, points);
        nsAt = stamps >= 1 ? field(b, "ns", NS_DIGITS) : -1;
        devAt = stamps >= 2 ? field(b, "dev", DEV_DIGITS) : -1;
        seqAt = stamps >= 3 ? field(b, "seq", SEQ_DIGITS) : -1;
        sensorAt = new int[points - stamps];
        for (int i = 0; i < sensorAt.length; i++) {
            b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append('"').append(sensorName(i)).append("\":");
            sensorAt[i] = b.length() + 1;
            b.append("21.5");
        }
        text = b.append("}}").toString();
        wallOffsetMillis = System.currentTimeMillis() - System.nanoTime() / 1_000_000;
    }

    private static int field(StringBuilder b, String key, int digits) {
        b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append('"').append(key).append("\":");
        int at = b.length();
        b.append("1").append("0".repeat(digits - 1));
        return at;
    }

    static String sensorName(int i) {
        return i < SENSORS.length ? SENSORS[i] : "s" + i;
    }

    public int points() {
        return points;
    }

    /** The template document. */
    public String text() {
        return text;
    }

    public byte[] bytes() {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void stamp(ByteBuf buf, int index, int length, long timestampNanos, int source, long seq) {
        long nanos = Math.max(0, timestampNanos);
        writeDigits(buf, index + tsAt, TS_DIGITS, wallOffsetMillis + nanos / 1_000_000);
        if (nsAt >= 0) {
            writeDigits(buf, index + nsAt, NS_DIGITS, NS_BASE + nanos % NS_BASE);
        }
        if (devAt >= 0) {
            writeDigits(buf, index + devAt, DEV_DIGITS, DEV_BASE + source % DEV_BASE);
        }
        if (seqAt >= 0) {
            writeDigits(buf, index + seqAt, SEQ_DIGITS, SEQ_BASE + seq % SEQ_BASE);
        }
        for (int i = 0; i < sensorAt.length; i++) {
            int v = (int) ((seq + 37L * i) % 100);
            buf.setByte(index + sensorAt[i], '0' + v / 10);
            buf.setByte(index + sensorAt[i] + 2, '0' + v % 10);
        }
    }

    @Override
    public long timestamp(ByteBuf buf, int index, int length) {
        if (nsAt < 0 || length != text.length() || buf.getByte(index + nsAt) != '1') {
            return NO_TIMESTAMP;
        }
        return readDigits(buf, index + nsAt, NS_DIGITS) - NS_BASE;
    }

    @Override
    public int source(ByteBuf buf, int index, int length) {
        return devAt < 0 || length != text.length() ? -1 : (int) (readDigits(buf, index + devAt, DEV_DIGITS) - DEV_BASE);
    }

    @Override
    public long seq(ByteBuf buf, int index, int length) {
        return seqAt < 0 || length != text.length() ? -1 : readDigits(buf, index + seqAt, SEQ_DIGITS) - SEQ_BASE;
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
