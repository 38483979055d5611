package io.twinhub.core.routing;

import io.twinhub.core.session.Delivery;
import io.twinhub.core.session.Session;

import java.util.ArrayList;
import java.util.List;

/** The deliveries of one message, held until the write group that stores them is durable. */
final class Routed {

    private final List<Session> sessions = new ArrayList<>(4);
    private final List<Delivery> deliveries = new ArrayList<>(4);

    void add(Session session, Delivery delivery) {
        sessions.add(session);
        deliveries.add(delivery);
    }

    int size() {
        return sessions.size();
    }

    /** Hands every delivery to its session (from any thread: {@link Session#offer} is safe). */
    void handOut() {
        for (int i = 0; i < sessions.size(); i++) {
            sessions.get(i).offer(deliveries.get(i));
        }
    }

    /** The writes failed: nothing is delivered, every payload reference is given back. */
    void discard() {
        for (Delivery d : deliveries) {
            d.payload().release();
        }
    }
}
