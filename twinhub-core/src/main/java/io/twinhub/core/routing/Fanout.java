package io.twinhub.core.routing;

import io.twinhub.core.message.Message;
import io.twinhub.core.session.Delivery;
import io.twinhub.core.session.Session;
import io.twinhub.core.session.SessionRegistry;
import io.twinhub.core.session.Subscription;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.store.QueuedMessage;
import io.twinhub.core.topic.SharedGroup;
import io.twinhub.core.topic.SubscriptionVisitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Predicate;

/**
 * The matching subscriptions of one PUBLISH, merged into one delivery per session. Reused per
 * thread, so routing allocates only what each subscriber must own (its {@link Delivery}).
 *
 * <p>Overlapping subscriptions of one session yield one copy at the highest granted QoS with
 * every subscription identifier (MQTT 3.1.1 §3.3.5 and MQTT 5 §3.3.4 both allow it; 5.0 then
 * requires all the identifiers). A shared subscription yields one copy to one member of its
 * group, in addition to the member's own ordinary subscriptions.
 */
final class Fanout implements SubscriptionVisitor {

    private static final Comparator<Subscription> BY_CLIENT = Comparator.comparing(Subscription::clientId);

    private final SessionRegistry sessions;
    private final Predicate<String> isOnline;
    private final ArrayList<Subscription> ordinary = new ArrayList<>();
    private final ArrayList<Subscription> shared = new ArrayList<>();
    private Message message;
    /** Set when the deliveries must wait for a write group: they are collected, not handed out. */
    private BrokerStore.WriteGroup group;
    private Routed routed;

    Fanout(SessionRegistry sessions) {
        this.sessions = sessions;
        this.isOnline = sessions::isOnline;
    }

    /** Routes with deliveries handed to sessions at once. */
    void begin(Message m) {
        message = m;
        group = null;
        routed = null;
    }

    /**
     * Routes with deliveries collected into {@code out}; those to sessions that outlive their
     * connection are also written to {@code g}, so they survive a crash once it commits.
     */
    void begin(Message m, BrokerStore.WriteGroup g, Routed out) {
        message = m;
        group = g;
        routed = out;
    }

    @Override
    public void subscriber(Subscription s) {
        if (s.noLocal() && s.clientId().equals(message.publisherId())) {
            return;
        }
        ordinary.add(s);
    }

    @Override
    public void sharedGroup(SharedGroup group) {
        Subscription member = group.pick(isOnline);
        if (member != null) {
            shared.add(member);
        }
    }

    /** Hands one delivery to each target session; returns how many were made. */
    int dispatch() {
        int count = 0;
        try {
            if (ordinary.size() > 1) {
                ordinary.sort(BY_CLIENT);
            }
            int i = 0;
            while (i < ordinary.size()) {
                int end = i + 1;
                while (end < ordinary.size() && ordinary.get(end).clientId().equals(ordinary.get(i).clientId())) {
                    end++;
                }
                count += deliverMerged(i, end);
                i = end;
            }
            for (Subscription s : shared) {
                count += deliver(s.clientId(), Math.min(message.qos(), s.qos()),
                        s.retainAsPublished() && message.retain(), ids(s.subscriptionId()));
            }
        } finally {
            ordinary.clear();
            shared.clear();
            message = null;
            group = null;
            routed = null;
        }
        return count;
    }

    private int deliverMerged(int from, int to) {
        int qos = 0;
        boolean retain = false;
        int idCount = 0;
        for (int k = from; k < to; k++) {
            Subscription s = ordinary.get(k);
            qos = Math.max(qos, Math.min(message.qos(), s.qos()));
            retain |= s.retainAsPublished() && message.retain();
            if (s.subscriptionId() > 0) {
                idCount++;
            }
        }
        int[] ids = null;
        if (idCount > 0) {
            ids = new int[idCount];
            int n = 0;
            for (int k = from; k < to; k++) {
                int id = ordinary.get(k).subscriptionId();
                if (id > 0) {
                    ids[n++] = id;
                }
            }
        }
        return deliver(ordinary.get(from).clientId(), qos, retain, ids);
    }

    private int deliver(String clientId, int qos, boolean retain, int[] ids) {
        Session session = sessions.get(clientId);
        if (session == null) {
            return 0;
        }
        if (routed != null && qos > 0 && session.isPersistent() && session.refusesQueued()) {
            return 1; // matched, but dropped like any message that finds the queue full
        }
        Delivery d = new Delivery(message, message.payload().retain(), qos, retain, ids);
        if (routed == null) {
            session.offer(d);
            return 1;
        }
        if (qos > 0 && session.isPersistent()) {
            d.storedAs(session.nextSeq());
            group.putQueued(clientId, new QueuedMessage(d.seq(), message.detachedCopy(), qos, retain,
                    d.subscriptionIds(), QueuedMessage.State.QUEUED));
        }
        routed.add(session, d);
        return 1;
    }

    private static int[] ids(int id) {
        return id > 0 ? new int[] {id} : null;
    }
}
