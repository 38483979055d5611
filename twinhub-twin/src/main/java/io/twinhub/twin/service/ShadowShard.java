package io.twinhub.twin.service;

import io.twinhub.core.message.Message;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.model.Outcome;
import io.twinhub.twin.model.ShadowModel;
import io.twinhub.twin.model.ShadowState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;

/**
 * The single writer of a set of things' shadows. Requests are applied one at a time in arrival
 * order, each on the newest state (in memory, ahead of the disk); the writes of everything
 * taken from the inbox at once go to the store as one group, and their answers wait until that
 * group is durable. Answers therefore come in request order, and nothing is answered "accepted"
 * that a crash could lose.
 */
final class ShadowShard implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ShadowShard.class);
    private static final int MAX_BATCH = 512;
    private static final Object STOP = new Object();

    /** {@link ShadowRequest}s to apply and {@link Runnable}s to run (answers of durable groups). */
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final BrokerStore store;
    private final ShadowModel model;
    private final ShadowCache cache;
    private final Answers answers;
    private final ShadowMetrics metrics;
    private final LongSupplier clockMillis;
    /** Groups committed and not yet answered: a batch that writes nothing must still wait for them. */
    private int groupsInFlight;

    ShadowShard(BrokerStore store, ShadowModel model, int cachedShadows, Answers answers, ShadowMetrics metrics,
                LongSupplier clockMillis) {
        this.store = store;
        this.model = model;
        this.cache = new ShadowCache(cachedShadows);
        this.answers = answers;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    void submit(ShadowRequest request) {
        inbox.add(request);
    }

    void execute(Runnable task) {
        inbox.add(task);
    }

    void stop() {
        inbox.add(STOP);
    }

    @Override
    public void run() {
        List<Object> batch = new ArrayList<>(MAX_BATCH);
        List<ShadowRequest> requests = new ArrayList<>(MAX_BATCH);
        try {
            while (true) {
                batch.add(inbox.take());
                inbox.drainTo(batch, MAX_BATCH - 1);
                for (Object o : batch) {
                    if (o == STOP) {
                        return;
                    } else if (o instanceof ShadowRequest r) {
                        requests.add(r);
                    } else {
                        ((Runnable) o).run();
                    }
                }
                batch.clear();
                if (!requests.isEmpty()) {
                    apply(List.copyOf(requests));
                    requests.clear();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Applies requests in order; their answers go out when their writes are durable. */
    private void apply(List<ShadowRequest> requests) {
        long nowSeconds = clockMillis.getAsLong() / 1000;
        Outcome[] outcomes = new Outcome[requests.size()];
        BrokerStore.WriteGroup group = null;
        for (int i = 0; i < outcomes.length; i++) {
            ShadowRequest r = requests.get(i);
            ShadowCache.Entry entry;
            try {
                entry = load(r.ref());
            } catch (RuntimeException e) {
                log.warn("cannot read shadow {} of {}: {}", r.ref().name(), r.ref().thingId(), e.toString());
                outcomes[i] = internalError(r, nowSeconds);
                continue;
            }
            Outcome o = switch (r.operation()) {
                case GET -> model.get(entry.state, r.payload(), nowSeconds, r.ref());
                case UPDATE -> model.update(entry.state, r.payload(), r.expectedVersion(), nowSeconds);
                case DELETE -> model.delete(entry.state, r.payload(), nowSeconds, r.ref());
            };
            if (o instanceof Outcome.Accepted a && r.changes()) {
                entry.state = a.newState();
                entry.unwritten++;
                if (group == null) {
                    group = store.newGroup();
                }
                group.putShadow(r.ref().thingId(), r.ref().name(), a.newState().toBytes());
            }
            outcomes[i] = o;
        }
        if (group == null && groupsInFlight == 0) {
            answer(requests, outcomes, null, nowSeconds);
            return;
        }
        if (group == null) {
            group = store.newGroup(); // empty: commits behind the groups before it, then answers
        }
        groupsInFlight++;
        group.commit(error -> execute(() -> {
            groupsInFlight--;
            answer(requests, outcomes, error, nowSeconds);
        }));
    }

    private ShadowCache.Entry load(ShadowRef ref) {
        ShadowCache.Entry entry = cache.get(ref);
        if (entry == null) {
            byte[] stored = store.readShadow(ref.thingId(), ref.name());
            entry = cache.put(ref, stored == null ? ShadowState.absent() : ShadowState.fromBytes(stored));
        }
        return entry;
    }

    private void answer(List<ShadowRequest> requests, Outcome[] outcomes, Throwable error, long nowSeconds) {
        long now = System.nanoTime();
        for (int i = 0; i < outcomes.length; i++) {
            ShadowRequest r = requests.get(i);
            Outcome o = outcomes[i];
            if (o instanceof Outcome.Accepted && r.changes()) {
                ShadowCache.Entry entry = cache.get(r.ref());
                if (entry != null) {
                    entry.unwritten--;
                    if (error != null) {
                        cache.remove(r.ref()); // its newest state may not be on disk: read it again
                    }
                }
            }
            if (error != null) {
                o = internalError(r, nowSeconds);
            }
            ShadowReply reply = answers.reply(o);
            List<Message> messages = answers.messages(r, o);
            metrics.answered(reply.status(), now - r.arrivedNanos());
            try {
                r.answered().accept(reply, messages);
            } catch (RuntimeException e) {
                log.warn("answering a shadow request failed", e);
            }
        }
        if (error != null) {
            log.warn("shadow writes failed: {}", error.toString());
        }
    }

    private Outcome internalError(ShadowRequest r, long nowSeconds) {
        return new Outcome.Rejected(500, model.rejection(500, "Internal service failure", r.payload(), nowSeconds));
    }

    /** Names of the thing's existing shadows, as far as durable or about to be. Runs on this shard. */
    List<String> existingNames(String thingId) {
        List<String> names = new ArrayList<>();
        for (String name : store.shadowNames(thingId)) {
            ShadowCache.Entry entry = cache.get(new ShadowRef(thingId, name));
            ShadowState state = entry != null ? entry.state : decode(store.readShadow(thingId, name));
            if (state.exists()) {
                names.add(name);
            }
        }
        return names;
    }

    private static ShadowState decode(byte[] stored) {
        return stored == null ? ShadowState.absent() : ShadowState.fromBytes(stored);
    }
}
