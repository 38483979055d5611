package io.twinhub.core.routing;

import io.twinhub.core.session.Delivery;
import io.twinhub.core.session.Session;

import java.util.Arrays;

/**
 * The deliveries of one message, held until the write group that stores them is durable. One
 * exists per routed PUBLISH, and most messages reach no session or one (a device's telemetry, a
 * dropped copy for a full queue), so the first delivery is kept in fields and arrays are only
 * made for the second.
 */
final class Routed {

    private Session firstSession;
    private Delivery firstDelivery;
    /** Deliveries after the first, or null. */
    private Session[] moreSessions;
    private Delivery[] moreDeliveries;
    private int size;

    void add(Session session, Delivery delivery) {
        if (size == 0) {
            firstSession = session;
            firstDelivery = delivery;
        } else {
            int i = size - 1;
            if (moreSessions == null) {
                moreSessions = new Session[4];
                moreDeliveries = new Delivery[4];
            } else if (i == moreSessions.length) {
                moreSessions = Arrays.copyOf(moreSessions, 2 * i);
                moreDeliveries = Arrays.copyOf(moreDeliveries, 2 * i);
            }
            moreSessions[i] = session;
            moreDeliveries[i] = delivery;
        }
        size++;
    }

    int size() {
        return size;
    }

    /** Hands every delivery to its session, in the order added (from any thread: {@link Session#offer} is safe). */
    void handOut() {
        if (size == 0) {
            return;
        }
        firstSession.offer(firstDelivery);
        for (int i = 0; i < size - 1; i++) {
            moreSessions[i].offer(moreDeliveries[i]);
        }
    }

    /** The writes failed: nothing is delivered, every payload reference is given back. */
    void discard() {
        if (size == 0) {
            return;
        }
        firstDelivery.payload().release();
        for (int i = 0; i < size - 1; i++) {
            moreDeliveries[i].payload().release();
        }
    }
}
