package io.twinhub.http.testkit;

import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.http.TelemetryEndpoints;
import io.twinhub.telemetry.service.TelemetryService;
import io.twinhub.telemetry.service.TelemetrySettings;

import java.util.function.UnaryOperator;

/** The telemetry of a test hub: the node's own service over an in-memory store, started. */
public final class TestTelemetry implements AutoCloseable {

    public final MemoryStore store = new MemoryStore();
    public final Broker broker = new Broker(BrokerLimits.defaults(), store);
    public final TelemetrySettings settings;
    public final TelemetryService service;

    public TestTelemetry(UnaryOperator<TelemetrySettings> settings) {
        this.settings = settings.apply(TelemetrySettings.defaults().withShards(2));
        this.service = new TelemetryService(store, broker.router(), this.settings, broker::nowMillis);
        service.start();
    }

    public TelemetryEndpoints endpoints() {
        return new TelemetryEndpoints(service, service, settings.maxQueryLimit(), service.metrics());
    }

    @Override
    public void close() {
        service.close();
        broker.close();
    }
}
