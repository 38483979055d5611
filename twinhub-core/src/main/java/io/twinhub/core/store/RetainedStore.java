package io.twinhub.core.store;

import io.twinhub.core.message.Message;

import java.util.function.Consumer;

/**
 * Retained messages by topic. The broker calls it from any event loop; implementations are
 * thread-safe. Stored messages have detached payloads (see {@link Message#detachedCopy()}).
 */
public interface RetainedStore {

    /** Stores or replaces the retained message of its topic. */
    void put(Message message);

    /** Clears the retained message of a topic (a retained PUBLISH with an empty payload). */
    void remove(String topic);

    /** Every retained message whose topic matches the filter. */
    void match(String filter, Consumer<Message> consumer);

    int size();
}
