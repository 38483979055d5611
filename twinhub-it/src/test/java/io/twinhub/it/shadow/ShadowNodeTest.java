package io.twinhub.it.shadow;

import io.twinhub.it.RunningNode;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the shadow tests run against: a node that lets in only registered clients, and the
 * devices and applications a test registers on it ({@link Things}), closed before the node stops.
 */
abstract class ShadowNodeTest {

    @RegisterExtension
    @Order(1)
    final RunningNode node = RunningNode.configured(c -> c.withAuth(c.auth().withAnonymous("off")));

    @RegisterExtension
    @Order(2) // closes its clients before the node stops
    final Things things = new Things(node);
}
