package io.twinhub.telemetry.series;

import io.twinhub.telemetry.payload.TelemetryPoint;
import io.twinhub.telemetry.payload.TelemetryValue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-in for the ingest log entry format (plain layout, same API) until the real codec lands;
 * replaced by it on merge.
 */
public final class LogEntryCodec {

    public interface EntryVisitor {
        void points(String device, List<TelemetryPoint> points);
    }

    private LogEntryCodec() { }

    public static byte[] encode(List<DevicePoints> entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entry.size());
            for (DevicePoints d : entry) {
                out.writeUTF(d.device());
                out.writeInt(d.points().size());
                for (TelemetryPoint p : d.points()) {
                    out.writeLong(p.tsMillis());
                    out.writeUTF(p.key());
                    switch (p.value()) {
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
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static void decode(byte[] entry, EntryVisitor visitor) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
            int devices = in.readInt();
            for (int d = 0; d < devices; d++) {
                String device = in.readUTF();
                int n = in.readInt();
                List<TelemetryPoint> points = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    long ts = in.readLong();
                    String key = in.readUTF();
                    int kind = in.readByte();
                    TelemetryValue v = switch (kind) {
                        case 0, 1 -> TelemetryValue.of(in.readDouble(), kind == 1);
                        case 2 -> TelemetryValue.of(in.readUTF());
                        default -> TelemetryValue.of(kind == 4);
                    };
                    points.add(new TelemetryPoint(ts, key, v));
                }
                visitor.points(device, points);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed log entry", e);
        }
    }
}
