package io.twinhub.core.session;

import java.util.ArrayList;
import java.util.List;

/** A connection that records what the session writes to it, as a client would see it. */
final class RecordingConnection implements SessionConnection {

    record Sent(String kind, String topic, int qos, int packetId, boolean dup, boolean retain) { }

    final List<Sent> sent = new ArrayList<>();
    private final SessionLoop loop;
    int receiveMaximum = 65_535;
    boolean writable = true;
    int maxPayload = Integer.MAX_VALUE;
    boolean takenOver;

    RecordingConnection(SessionLoop loop) {
        this.loop = loop;
    }

    @Override public SessionLoop loop() { return loop; }
    @Override public boolean isWritable() { return writable; }
    @Override public int clientReceiveMaximum() { return receiveMaximum; }

    @Override
    public boolean writePublish(Delivery d, int packetId, boolean dup) {
        d.payload().release();
        if (d.payload().length() > maxPayload) {
            return false;
        }
        sent.add(new Sent("PUBLISH", d.message().topic(), d.qos(), packetId, dup, d.retain()));
        return true;
    }

    @Override
    public void writePubrel(int packetId) {
        sent.add(new Sent("PUBREL", null, 1, packetId, false, false));
    }

    @Override public void flush() { }

    @Override public void closeTakenOver() { takenOver = true; }

    List<String> topics() {
        return sent.stream().filter(s -> s.kind.equals("PUBLISH")).map(Sent::topic).toList();
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }
}
