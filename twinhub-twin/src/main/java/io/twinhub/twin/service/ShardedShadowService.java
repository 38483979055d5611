package io.twinhub.twin.service;

import io.twinhub.core.message.BytesPayload;
import io.twinhub.core.message.Message;
import io.twinhub.core.message.MessageProperties;
import io.twinhub.core.request.TopicRequests;
import io.twinhub.core.routing.Router;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowReply;
import io.twinhub.twin.ShadowService;
import io.twinhub.twin.ShadowTopics;
import io.twinhub.twin.model.ShadowModel;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Device shadows over the store: every thing belongs to one {@link ShadowShard}, a thread that
 * is the only writer of its shadows, so requests need no lock and keep their order. Serves the
 * REST API ({@link ShadowService}) and the MQTT request topics ({@link TopicRequests}).
 */
public final class ShardedShadowService implements ShadowService, TopicRequests, AutoCloseable {

    private final ShadowShard[] shards;
    private final Thread[] threads;
    private final ShadowModel model;
    private final Router router;
    private final ShadowMetrics metrics = new ShadowMetrics();
    private final LongSupplier clockMillis;

    public ShardedShadowService(BrokerStore store, Router router, ShadowSettings settings, LongSupplier clockMillis) {
        this.model = new ShadowModel(settings.limits());
        this.router = router;
        this.clockMillis = clockMillis;
        Answers answers = new Answers(metrics);
        this.shards = new ShadowShard[settings.shards()];
        this.threads = new Thread[shards.length];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new ShadowShard(store, model, settings.cachedShadows() / shards.length, answers, metrics,
                    clockMillis);
            threads[i] = Thread.ofPlatform().name("twinhub-shadow-" + i).daemon(true).start(shards[i]);
        }
    }

    public ShadowMetrics metrics() {
        return metrics;
    }

    private ShadowShard shardOf(String thingId) {
        return shards[Math.floorMod(thingId.hashCode(), shards.length)];
    }

    // ---- REST -------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ShadowReply> request(ShadowRef ref, ShadowOperation operation, byte[] payload,
                                                  long expectedVersion) {
        CompletableFuture<ShadowReply> reply = new CompletableFuture<>();
        shardOf(ref.thingId()).submit(new ShadowRequest(ref, operation, payload, expectedVersion, null,
                System.nanoTime(), (r, messages) -> {
                    messages.forEach(router::publishNow);
                    reply.complete(r);
                }));
        return reply;
    }

    @Override
    public CompletableFuture<List<String>> names(String thingId) {
        CompletableFuture<List<String>> names = new CompletableFuture<>();
        ShadowShard shard = shardOf(thingId);
        shard.execute(() -> {
            try {
                names.complete(shard.existingNames(thingId));
            } catch (RuntimeException e) {
                names.completeExceptionally(e);
            }
        });
        return names;
    }

    // ---- MQTT -------------------------------------------------------------------------------

    @Override
    public boolean isRequest(String topic) {
        return topic.length() > 1 && topic.charAt(0) == '$' && ShadowTopics.parseRequest(topic) != null;
    }

    @Override
    public boolean isAnswer(String topic) {
        return topic.length() > 1 && topic.charAt(0) == '$' && ShadowTopics.isAnswer(topic);
    }

    @Override
    public void request(String topic, byte[] payload, Consumer<List<Message>> answer) {
        ShadowTopics.Request r = ShadowTopics.parseRequest(topic);
        if (r == null) {
            throw new IllegalArgumentException("not a shadow request topic: " + topic);
        }
        shardOf(r.ref().thingId()).submit(new ShadowRequest(r.ref(), r.operation(), payload, ANY_VERSION, r.prefix(),
                System.nanoTime(), (reply, messages) -> answer.accept(messages)));
    }

    @Override
    public List<Message> refusal(String topic, byte[] payload, int code, String message) {
        ShadowTopics.Request r = ShadowTopics.parseRequest(topic);
        if (r == null) {
            throw new IllegalArgumentException("not a shadow request topic: " + topic);
        }
        metrics.answered(code, 0);
        byte[] body = model.rejection(code, message, payload, clockMillis.getAsLong() / 1000);
        String op = r.operation().name().toLowerCase(Locale.ROOT);
        return List.of(new Message(ShadowTopics.answer(r.prefix(), r.ref(), op + "/rejected"), 1, false,
                new BytesPayload(body), MessageProperties.NONE, Message.NO_EXPIRY, null));
    }

    /** Stops the shards after what they hold; answers still waiting for the store are dropped. */
    @Override
    public void close() {
        for (ShadowShard s : shards) {
            s.stop();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
