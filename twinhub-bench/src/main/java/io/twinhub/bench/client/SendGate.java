package io.twinhub.bench.client;

/**
 * Opens and closes sending for all publishers of a run. Publishers check it before each batch, so
 * closing stops them within one batch; the close time is what "behind schedule" is measured at.
 */
public final class SendGate {

    private volatile boolean open;
    private volatile long closedAtNanos;

    public void open() {
        open = true;
    }

    public void close() {
        closedAtNanos = System.nanoTime();
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    public long closedAtNanos() {
        return closedAtNanos;
    }
}
