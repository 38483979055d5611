package io.twinhub.http.testkit;

import io.twinhub.core.Broker;
import io.twinhub.core.BrokerLimits;
import io.twinhub.core.store.MemoryStore;
import io.twinhub.twin.ShadowService;
import io.twinhub.twin.model.ShadowLimits;
import io.twinhub.twin.service.ShadowSettings;
import io.twinhub.twin.service.ShardedShadowService;

/** The shadow service of a test hub: the node's own implementation over an in-memory store. */
final class TestShadows {

    private TestShadows() {
    }

    static ShardedShadowService open() {
        MemoryStore store = new MemoryStore();
        Broker broker = new Broker(BrokerLimits.defaults(), store);
        return new ShardedShadowService(store, broker.router(), new ShadowSettings(ShadowLimits.DEFAULT, 2, 1000),
                System::currentTimeMillis);
    }

    static void close(ShadowService service) {
        if (service instanceof ShardedShadowService sharded) {
            sharded.close();
        }
    }
}
