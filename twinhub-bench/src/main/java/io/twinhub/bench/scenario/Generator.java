package io.twinhub.bench.scenario;

import io.twinhub.bench.client.ClientTransport;
import io.twinhub.bench.client.ConnectTemplate;
import io.twinhub.bench.client.ConnectionSetup;
import io.twinhub.bench.client.Connector;
import io.twinhub.bench.client.LoopRegistry;
import io.twinhub.bench.client.PacketEncoder;
import io.twinhub.bench.client.SourceAddresses;
import io.twinhub.bench.stats.Collector;
import io.twinhub.bench.stats.Stats;

/**
 * The generator side of one run: event loops, stats, connection registry, templates encoder and
 * connector, created together and closed together.
 */
final class Generator implements AutoCloseable {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final int CONNACK_TIMEOUT_SECONDS = 15;
    /** Session expiry of persistent subscribers: long enough for any run, short enough to clean up after it. */
    static final int PERSISTENT_SESSION_EXPIRY_SECONDS = 300;

    final ClientTransport transport;
    final Stats stats;
    final Collector collector;
    final LoopRegistry registry;
    final PacketEncoder encoder;
    final Connector connector;
    final ConnectionSetup setup;
    /** For subscribers whose session outlives the connection. */
    final ConnectionSetup persistentSetup;
    final long[] ioThreadIds;

    Generator(RunContext ctx, int connections, int keepAliveSeconds) {
        this.transport = ClientTransport.create(ctx.transport(), ctx.threads());
        this.stats = new Stats(transport.loops());
        this.collector = new Collector(stats);
        this.registry = new LoopRegistry(transport.loops());
        this.encoder = new PacketEncoder(ctx.mqttVersion());
        SourceAddresses sources = SourceAddresses.forTarget(ctx.server().address(), connections, ctx.sourceAddresses());
        this.connector = new Connector(transport, ctx.server().address(), sources, CONNECT_TIMEOUT_MILLIS);
        ConnectTemplate connect = new ConnectTemplate(encoder, ClientIds.LENGTH, keepAliveSeconds, ctx.username(), ctx.password());
        this.setup = new ConnectionSetup(connect, stats, registry, ctx.v5(), keepAliveSeconds, CONNACK_TIMEOUT_SECONDS);
        ConnectTemplate persistent = new ConnectTemplate(encoder, ClientIds.LENGTH, keepAliveSeconds, ctx.username(),
                ctx.password(), PERSISTENT_SESSION_EXPIRY_SECONDS);
        this.persistentSetup = new ConnectionSetup(persistent, stats, registry, ctx.v5(), keepAliveSeconds,
                CONNACK_TIMEOUT_SECONDS);
        this.ioThreadIds = transport.loops().stream().mapToLong(loop -> {
            try {
                return loop.submit(() -> Thread.currentThread().threadId()).get();
            } catch (Exception e) {
                throw new IllegalStateException("event loop did not answer", e);
            }
        }).toArray();
    }

    CpuSample cpu(RunContext ctx) {
        return CpuSample.take(ctx.server(), ioThreadIds);
    }

    @Override
    public void close() {
        registry.stop();
        encoder.close();
        transport.close();
    }
}
