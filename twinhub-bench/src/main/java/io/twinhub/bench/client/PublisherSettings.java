package io.twinhub.bench.client;

/**
 * How publishers send.
 *
 * @param qos 0, 1 or 2
 * @param window most QoS 1/2 messages in flight per publisher (unacknowledged)
 * @param batchBytes target size of one write: this many bytes of PUBLISH packets are copied into
 *                   one buffer and handed to the socket together
 * @param ratePerPublisher open loop: messages per second per publisher; 0 = closed loop (as fast as
 *                         the window and the socket allow)
 * @param publishers how many publishers share the rate (to phase-shift their schedules)
 * @param progressPingMillis QoS 0: a PINGREQ this often while sending, so "confirmed" moves during a
 *                           run and not only at the end
 * @param coalesceNanos open loop: at most one write per publisher per this interval; messages that
 *                      fall due in between go together (their latency still counts from their own
 *                      intended time). Keeps the generator from paying a syscall per message at high rates.
 */
public record PublisherSettings(int qos, int window, int batchBytes, double ratePerPublisher, int publishers,
                                int progressPingMillis, long coalesceNanos) {

    public boolean openLoop() {
        return ratePerPublisher > 0;
    }
}
