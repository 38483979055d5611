package io.twinhub.core.session;

import io.twinhub.core.store.RecoveredState;
import io.twinhub.core.store.SessionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** All sessions of this node by client id, online and offline. */
public final class SessionRegistry {

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private SessionServices services;

    /** Set once by the broker that owns the registry, before any connect. */
    public void bind(SessionServices services) {
        this.services = services;
    }

    /**
     * Connects a client: creates its session or takes the existing one over, possibly from
     * another loop. Ends in a {@link ConnectCallback} call on {@code connection.loop()}.
     */
    @AnyThread
    public void connect(String clientId, boolean cleanStart, SessionConnection connection, ConnectCallback callback) {
        Session session = sessions.computeIfAbsent(clientId, id -> new Session(id, services, connection.loop()));
        session.runOnOwner(() -> session.takeOver(connection, cleanStart, callback));
    }

    /**
     * Puts back the sessions a restarted node found in its store, spread over the loops. Every
     * session and subscription is back before any timer starts or any will is published, so a
     * will reaches every subscriber, whatever order the sessions were read in.
     */
    public void restore(RecoveredState state, Supplier<SessionLoop> loops) {
        List<Session> restored = new ArrayList<>(state.sessions().size());
        for (SessionRecord r : state.sessions()) {
            String id = r.clientId();
            Session s = Session.restore(services, loops.get(), r,
                    state.subscriptions().getOrDefault(id, List.of()),
                    state.queued().getOrDefault(id, List.of()),
                    state.inboundQos2().getOrDefault(id, List.of()));
            sessions.put(id, s);
            restored.add(s);
        }
        for (int i = 0; i < restored.size(); i++) {
            Session s = restored.get(i);
            long disconnectedAt = state.sessions().get(i).disconnectedAtMillis();
            s.owner().execute(() -> s.resumeOffline(disconnectedAt));
        }
    }

    @AnyThread
    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    @AnyThread
    public boolean isOnline(String clientId) {
        Session s = sessions.get(clientId);
        return s != null && s.isConnected();
    }

    @AnyThread
    public int size() {
        return sessions.size();
    }

    void remove(Session session) {
        sessions.remove(session.clientId(), session);
    }
}
