package io.twinhub.core.topic;

import io.twinhub.core.session.Subscription;

/**
 * Receives the results of {@link SubscriptionTree#match}. A callback rather than a returned list so
 * the hot path allocates nothing per match; the caller merges overlapping subscriptions itself.
 */
public interface SubscriptionVisitor {

    /** One ordinary subscription whose filter matches; a client with two matching filters comes twice. */
    void subscriber(Subscription s);

    /** One shared-subscription group whose filter matches; the caller picks one member to deliver to. */
    void sharedGroup(SharedGroup g);
}
