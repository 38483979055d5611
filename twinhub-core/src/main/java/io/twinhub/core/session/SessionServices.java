package io.twinhub.core.session;

import io.twinhub.core.BrokerLimits;
import io.twinhub.core.message.Message;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.core.store.BrokerStore;
import io.twinhub.core.topic.SubscriptionTree;

/** What a session needs from the broker around it. */
public interface SessionServices {

    /** Session Expiry Interval meaning "never" (MQTT 5: 0xFFFFFFFF). */
    long NEVER_EXPIRES = 0xFFFFFFFFL;

    BrokerLimits limits();

    BrokerMetrics metrics();

    SubscriptionTree subscriptions();

    SessionRegistry registry();

    BrokerStore store();

    /** Routes a will message as if its client had published it. */
    void publishWill(Message will);

    long nowMillis();
}
