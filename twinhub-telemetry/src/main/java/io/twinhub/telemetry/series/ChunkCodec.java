package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryValue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Stand-in for the compact chunk format (a plain, uncompressed layout with the same API), so the
 * service can be built and tested before the real codec lands; replaced by it on merge.
 */
public final class ChunkCodec {

    /** Receives the points of a chunk: each kind's points in time order, the kinds one after another. */
    public interface PointSink {
        void number(long ts, double v, boolean integral);

        void string(long ts, String v);

        void bool(long ts, boolean v);
    }

    private ChunkCodec() { }

    /** Encodes points {@code from} (included) to {@code to} (excluded), sorted by {@code ts}. */
    public static byte[] encode(long[] ts, TelemetryValue[] values, int from, int to) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(to - from);
            for (int i = from; i < to; i++) {
                out.writeLong(ts[i]);
                switch (values[i]) {
                    case TelemetryValue.NumberValue n -> {
                        out.writeByte(n.integral() ? 1 : 0);
                        out.writeDouble(n.value());
                    }
                    case TelemetryValue.StringValue s -> {
                        out.writeByte(2);
                        out.writeUTF(s.value());
                    }
                    case TelemetryValue.BooleanValue b -> out.writeByte(b.value() ? 4 : 3);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static int count(byte[] chunk) {
        return ((chunk[0] & 0xff) << 24) | ((chunk[1] & 0xff) << 16) | ((chunk[2] & 0xff) << 8) | (chunk[3] & 0xff);
    }

    public static void decode(byte[] chunk, PointSink sink) {
        for (int pass = 0; pass < 3; pass++) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(chunk))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    long ts = in.readLong();
                    int kind = in.readByte();
                    if (kind <= 1) {
                        double v = in.readDouble();
                        if (pass == 0) {
                            sink.number(ts, v, kind == 1);
                        }
                    } else if (kind == 2) {
                        String v = in.readUTF();
                        if (pass == 1) {
                            sink.string(ts, v);
                        }
                    } else if (pass == 2) {
                        sink.bool(ts, kind == 4);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("malformed chunk", e);
            }
        }
    }
}
