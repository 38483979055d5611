package io.twinhub.bench.client;

/** What a scenario learns about a connection's life; called on the connection's event loop. */
public interface ConnListener {

    /** Ready for its role (CONNACK for publishers and devices, SUBACK for subscribers). Called once. */
    void onReady(BenchConnection c);

    /** Never became ready. Called once, instead of {@link #onReady}. */
    void onFailed(BenchConnection c, String reason);

    /** Was ready, then closed without us asking. */
    default void onLost(BenchConnection c) { }
}
