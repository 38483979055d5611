package io.twinhub.http.testkit;

import io.netty.handler.ssl.SslContext;
import io.twinhub.core.metrics.BrokerMetrics;
import io.twinhub.http.ApiServices;
import io.twinhub.http.HealthCheck;
import io.twinhub.http.HttpServer;
import io.twinhub.http.HttpServerSettings;
import io.twinhub.telemetry.service.TelemetrySettings;
import io.twinhub.twin.ShadowService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A real {@link HttpServer} on 127.0.0.1 and an ephemeral port, over an in-memory registry, a
 * token table and a shadow service, with an HTTP/1.1 client for it.
 */
public final class TestHub implements AutoCloseable {

    public static final String ADMIN = "admin-token";
    /** May manage things whose id starts with {@code app-}. */
    public static final String APP = "app-token";

    public final MemoryDeviceRegistry registry;
    public final TablePresence presence = new TablePresence();
    public final TokenTable tokens;
    public final BrokerMetrics metrics = new BrokerMetrics();
    /** Set to a reason to make the store refuse writes. */
    public final AtomicReference<String> storeProblem = new AtomicReference<>();
    /** The shadow service behind the shadow endpoints, or null when the hub serves none. */
    public final ShadowService shadows;
    /** The telemetry service behind the telemetry endpoints, or null when the hub keeps none. */
    public final TestTelemetry telemetry;
    public final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHub(MemoryDeviceRegistry registry, HttpServerSettings settings, Supplier<SslContext> tls,
                    boolean withShadows, TestTelemetry telemetry) {
        this.registry = registry;
        this.tokens = new TokenTable(registry).admin(ADMIN, "ops").application(APP, "dashboard", "app-");
        HealthCheck store = () -> Optional.ofNullable(storeProblem.get());
        this.shadows = withShadows ? TestShadows.open() : null;
        this.telemetry = telemetry;
        ApiServices services = new ApiServices(tokens, registry, presence, presence, metrics,
                Map.of("store", store), store).withShadows(shadows)
                .withTelemetry(telemetry == null ? null : telemetry.endpoints());
        this.server = new HttpServer(settings, services, tls, null);
        try {
            server.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static TestHub start() {
        return start(s -> s);
    }

    public static TestHub start(UnaryOperator<HttpServerSettings> settings) {
        return new TestHub(new MemoryDeviceRegistry(), settings.apply(HttpServerSettings.defaults("127.0.0.1", 0)), null,
                true, null);
    }

    /** A hub whose node serves no device shadows. */
    public static TestHub startWithoutShadows() {
        return new TestHub(new MemoryDeviceRegistry(), HttpServerSettings.defaults("127.0.0.1", 0), null, false, null);
    }

    public static TestHub start(UnaryOperator<HttpServerSettings> settings, MemoryDeviceRegistry registry,
                                Supplier<SslContext> tls) {
        return new TestHub(registry, settings.apply(HttpServerSettings.defaults("127.0.0.1", 0)), tls, true, null);
    }

    /** A hub that keeps telemetry, with the service's settings changed by {@code settings}. */
    public static TestHub startWithTelemetry(UnaryOperator<TelemetrySettings> settings) {
        return new TestHub(new MemoryDeviceRegistry(), HttpServerSettings.defaults("127.0.0.1", 0), null, false,
                new TestTelemetry(settings));
    }

    public int port() {
        return server.localAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public URI uri(String path) {
        return URI.create(url() + path);
    }

    public HttpResponse<String> get(String path, String token) {
        return send("GET", path, token, null);
    }

    /** A POST whose body goes with the given content type (null: none). */
    public HttpResponse<String> post(String path, String token, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> post(String path, String token, String json) {
        return send("POST", path, token, json);
    }

    /** Sends a request; a non-null body goes as {@code application/json}. */
    public HttpResponse<String> send(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
        TestShadows.close(shadows);
        if (telemetry != null) {
            telemetry.close();
        }
    }
}
