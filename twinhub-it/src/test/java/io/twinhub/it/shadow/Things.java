package io.twinhub.it.shadow;

import io.twinhub.it.RunningNode;
import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Devices registered on the test's node and the clients connected for them, closed after each
 * test. Register it ordered after the node, so that its clients are closed first:
 * {@code @RegisterExtension @Order(2) final Things things = new Things(node);} (the node {@code @Order(1)}).
 */
public final class Things implements AfterEachCallback {

    private static final String ADMIN = "ops";

    private final RunningNode node;
    private final Map<String, String> tokens = new HashMap<>();
    private final List<ShadowClient> open = new CopyOnWriteArrayList<>();
    private String adminToken;

    public Things(RunningNode node) {
        this.node = node;
    }

    /** Registers the device (once) and returns its token. */
    public synchronized String register(String id) {
        return tokens.computeIfAbsent(id, d -> node.node().devices().create(d, Map.of()).token());
    }

    /** The device connected with its token (client id = user name = device id). */
    public ShadowClient device(Protocol protocol, String id) {
        return track(ShadowClient.connect(protocol, node.host(), node.port(), id, id, register(id)));
    }

    /** An administrator's connection: it may publish and subscribe anywhere. */
    public ShadowClient admin(Protocol protocol, String clientId) {
        return track(ShadowClient.connect(protocol, node.host(), node.port(), clientId, ADMIN, adminToken()));
    }

    /** The administrator's token (created once), for MQTT and for the REST API. */
    public synchronized String adminToken() {
        if (adminToken == null) {
            adminToken = node.node().security().adminTokens().create(ADMIN);
        }
        return adminToken;
    }

    public ShadowClient track(ShadowClient c) {
        open.add(c);
        return c;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (ShadowClient c : open) {
            c.close();
        }
        open.clear();
    }
}
