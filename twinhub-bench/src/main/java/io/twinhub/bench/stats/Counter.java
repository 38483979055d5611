package io.twinhub.bench.stats;

/**
 * What the generator counts. Each name says exactly which packets it counts, because the
 * difference between "sent" and "processed by the server" is the whole point of a benchmark.
 */
public enum Counter {
    /** TCP connects started. */
    CONNECT_STARTED,
    /** CONNACK with return code 0 received. */
    CONNECTED,
    /** TCP connect failed, CONNACK refused, or no CONNACK in time. */
    CONNECT_FAILED,
    /** Established connections that closed without us asking. */
    CONNECTION_LOST,
    /** Established connections we closed (DISCONNECT). */
    DISCONNECTED,
    /** SUBACK received with every granted QoS below 0x80. */
    SUBSCRIBED,
    /** PUBLISH packets written by publishers (handed to the socket, not necessarily read by the server). */
    SENT,
    /**
     * PUBLISH packets the server has provably processed: PUBACK (QoS 1), PUBCOMP (QoS 2), or for
     * QoS 0 every PUBLISH written before a PINGREQ whose PINGRESP came back (MQTT is ordered on one
     * connection, so the server has read and handled them).
     */
    CONFIRMED,
    /** PUBLISH packets never confirmed because their connection was lost. */
    UNCONFIRMED_LOST,
    /** PUBACK/PUBREC/PUBCOMP with an MQTT 5 failure reason code (0x80 or above). */
    ACK_ERRORS,
    /** Shadow requests answered on {@code …/rejected} (the shadow scenario counts answers on {@code …/accepted} as CONFIRMED). */
    REJECTED,
    /** Acknowledgements for a packet id we had no message in flight for. */
    UNKNOWN_ACKS,
    /**
     * Open loop: messages due by the end of a phase that could not be sent (generator or server too
     * slow). After a warm-up that ran straight into the measured window, only what fell behind
     * during the window: the backlog a publisher already had when the window began is left out.
     */
    BEHIND,
    /**
     * Open loop with the warm-up running straight into the measured window: PUBLISH packets the
     * publishers had written when the window began. They are the warm-up's, even those confirmed
     * after the switch; the window's sent and confirmed messages are the totals less these.
     */
    SENT_BEFORE_MEASURED,
    /** PUBLISH packets received by subscribers. */
    RECEIVED,
    /** Messages missing from a publisher's sequence as seen by a subscriber (counted when a later one arrives). */
    GAPS,
    /** Received messages older than one already seen from the same publisher: duplicates or reordering. */
    OUT_OF_ORDER,
    /** PINGREQ packets written (keep-alive and drain barriers). */
    PINGS,
    /** DISCONNECT packets received from the server. */
    SERVER_DISCONNECTS;

    static final int COUNT = values().length;
}
