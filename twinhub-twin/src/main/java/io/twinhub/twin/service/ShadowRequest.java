package io.twinhub.twin.service;

import io.twinhub.core.message.Message;
import io.twinhub.twin.ShadowOperation;
import io.twinhub.twin.ShadowRef;
import io.twinhub.twin.ShadowReply;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * One request on its way through a shard.
 *
 * @param prefix   the MQTT topic prefix it came on ({@code $twin} or {@code $aws}), or null when
 *                 it came over REST
 * @param answered runs once, on the shard's thread, with the reply and the messages that
 *                 announce it over MQTT, in publication order
 */
record ShadowRequest(ShadowRef ref, ShadowOperation operation, byte[] payload, long expectedVersion,
                     String prefix, long arrivedNanos, BiConsumer<ShadowReply, List<Message>> answered) {

    boolean changes() {
        return operation != ShadowOperation.GET;
    }
}
