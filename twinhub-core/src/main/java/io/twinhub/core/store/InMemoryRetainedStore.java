package io.twinhub.core.store;

import io.twinhub.core.message.Message;
import io.twinhub.core.topic.RetainedIndex;

import java.util.function.Consumer;

/** Retained messages in a topic trie, in memory: lost on restart until a durable store replaces it. */
public final class InMemoryRetainedStore implements RetainedStore {

    private final RetainedIndex<Message> index = new RetainedIndex<>();

    @Override
    public void put(Message message) {
        index.put(message.topic(), message);
    }

    @Override
    public void remove(String topic) {
        index.remove(topic);
    }

    @Override
    public void match(String filter, Consumer<Message> consumer) {
        index.match(filter, (topic, message) -> consumer.accept(message));
    }

    @Override
    public int size() {
        return index.size();
    }
}
