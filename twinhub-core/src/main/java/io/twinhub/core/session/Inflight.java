package io.twinhub.core.session;

/**
 * A QoS 1 or 2 message sent to the client and not yet fully acknowledged. For QoS 2 it moves to
 * {@code released} once the client's PUBREC came and our PUBREL went out.
 */
final class Inflight {
    final int packetId;
    final Delivery delivery;
    boolean released;
    /** The released state is durable, so PUBREL may go out (a restart will not resend the PUBLISH). */
    boolean releaseDurable;

    Inflight(int packetId, Delivery delivery) {
        this.packetId = packetId;
        this.delivery = delivery;
    }
}
