package io.twinhub.core.request;

import io.twinhub.core.message.Message;

import java.util.List;
import java.util.function.Consumer;

/**
 * Requests a client makes by publishing to a topic the hub answers itself, such as a shadow's
 * {@code …/shadow/update}. The transport keeps the order: it publishes each request's answers,
 * and acknowledges the request, only after those of the client's earlier requests.
 */
public interface TopicRequests {

    /** No topic is a request: every PUBLISH is routed to subscribers. */
    TopicRequests NONE = new TopicRequests() {
        @Override public boolean isRequest(String topic) { return false; }
        @Override public boolean isAnswer(String topic) { return false; }
        @Override public void request(String topic, byte[] payload, Consumer<List<Message>> answer) {
            throw new IllegalStateException("not a request topic: " + topic);
        }
        @Override public List<Message> refusal(String topic, byte[] payload, int code, String message) {
            throw new IllegalStateException("not a request topic: " + topic);
        }
    };

    /**
     * Whether a PUBLISH to this topic is a request. A request is answered by the hub and not
     * routed to subscribers. Called for every PUBLISH: must be cheap.
     */
    boolean isRequest(String topic);

    /** Whether the topic carries the hub's answers, which no client may publish. Must be cheap. */
    boolean isAnswer(String topic);

    /**
     * Starts a request the client was allowed to publish. {@code answer} runs once, on any
     * thread, with the messages that answer it in the order they must be published.
     */
    void request(String topic, byte[] payload, Consumer<List<Message>> answer);

    /** The answer to a request refused before it started, e.g. 429 for too many in flight. */
    List<Message> refusal(String topic, byte[] payload, int code, String message);
}
