package io.twinhub.http.transport;

/** Told when a request has fully arrived and when its answer has been written. Event-loop only. */
interface ExchangeEvents {

    ExchangeEvents NONE = new ExchangeEvents() {
        @Override public void requestReceived() { }
        @Override public void responded() { }
    };

    void requestReceived();

    void responded();
}
