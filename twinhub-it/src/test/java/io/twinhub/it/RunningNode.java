package io.twinhub.it;

import io.twinhub.core.BrokerLimits;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A real node on an ephemeral loopback port, started before and stopped after each test.
 * Register with {@code @RegisterExtension static/instance RunningNode node = new RunningNode();}.
 */
public final class RunningNode implements BeforeEachCallback, AfterEachCallback {

    private final UnaryOperator<BrokerLimits> limits;
    private final UnaryOperator<NodeConfig> config;
    private TwinhubNode node;
    private Path dir;

    public RunningNode() {
        this(UnaryOperator.identity());
    }

    public RunningNode(UnaryOperator<BrokerLimits> limits) {
        this(limits, UnaryOperator.identity());
    }

    private RunningNode(UnaryOperator<BrokerLimits> limits, UnaryOperator<NodeConfig> config) {
        this.limits = limits;
        this.config = config;
    }

    /** A node whose test config ({@link NodeConfig#forTest}) is changed by {@code config} first. */
    public static RunningNode configured(UnaryOperator<NodeConfig> config) {
        return new RunningNode(UnaryOperator.identity(), config);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        stop();
    }

    public void start() throws Exception {
        dir = Files.createTempDirectory("twinhub-it");
        NodeConfig base = config.apply(NodeConfig.forTest(dir));
        node = new TwinhubNode(base.withLimits(limits.apply(base.limits())));
        node.start();
    }

    public void stop() {
        if (node != null) {
            node.close();
            node = null;
        }
        TempDirs.deleteRecursively(dir);
        dir = null;
    }

    public int port() {
        return node.mqttAddress().getPort();
    }

    public String host() {
        return "127.0.0.1";
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + port();
    }

    public TwinhubNode node() {
        return node;
    }
}
