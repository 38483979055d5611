package io.twinhub.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.twinhub.http.testkit.MemoryDeviceRegistry;
import io.twinhub.http.testkit.NettyHttp2Client;
import io.twinhub.http.testkit.TestHub;
import io.twinhub.http.transport.HttpChannels;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.security.SecureRandom;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.twinhub.http.ThingsApiTest.json;
import static io.twinhub.http.testkit.TestHub.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

/** The same API over HTTP/2: h2c by upgrade and by prior knowledge, h2 over TLS by ALPN. */
class Http2Test {

    @Test
    void h2cUpgradeFromHttp11() throws Exception {
        try (TestHub hub = TestHub.start();
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            HttpResponse<String> live = client.send(HttpRequest.newBuilder(hub.uri("/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(live.statusCode()).isEqualTo(200);

            HttpResponse<String> created = client.send(HttpRequest.newBuilder(hub.uri("/api/v1/things"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"h2-up\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(created.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(hub.registry.get("h2-up")).isPresent();

            HttpResponse<String> missing = client.send(HttpRequest.newBuilder(hub.uri("/api/v1/things/none"))
                    .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(missing.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(json(missing).get("code").asInt()).isEqualTo(404);
        }
    }

    @Test
    void h2cWithPriorKnowledge() throws Exception {
        try (TestHub hub = TestHub.start(s -> s.withMaxBodyBytes(1024));
             NettyHttp2Client client = new NettyHttp2Client(hub.server.localAddress())) {
            NettyHttp2Client.Response created = client.send(HttpMethod.POST, "/api/v1/things", ADMIN,
                    "{\"id\":\"h2-pk\",\"attributes\":{\"a\":1}}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).contains("\"token\"");

            NettyHttp2Client.Response fetched = client.send(HttpMethod.GET, "/api/v1/things/h2-pk", ADMIN, null);
            assertThat(fetched.status()).isEqualTo(200);
            assertThat(fetched.contentType()).isEqualTo("application/json");
            assertThat(fetched.body()).contains("\"id\":\"h2-pk\"").contains("\"presence\":null");

            NettyHttp2Client.Response unauthorized = client.send(HttpMethod.GET, "/api/v1/things", null, null);
            assertThat(unauthorized.status()).isEqualTo(401);
            assertThat(unauthorized.body()).contains("\"code\":401");

            NettyHttp2Client.Response tooBig = client.send(HttpMethod.POST, "/api/v1/things", ADMIN,
                    "{\"id\":\"big\",\"attributes\":{\"b\":\"" + "x".repeat(3000) + "\"}}");
            assertThat(tooBig.status()).isEqualTo(413);
            assertThat(tooBig.body()).contains("\"code\":413");

            // streams after a refused one still work on the same connection
            assertThat(client.send(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void slowHttp2StreamGets408() throws Exception {
        try (TestHub hub = TestHub.start(s -> s.withTimeouts(Duration.ofMillis(400), Duration.ofSeconds(30)));
             NettyHttp2Client client = new NettyHttp2Client(hub.server.localAddress())) {
            long start = System.nanoTime();
            NettyHttp2Client.Response r = client.sendHeadersOnly("/api/v1/things", ADMIN, 100).get(5, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(r.status()).isEqualTo(408);
            assertThat(r.body()).contains("\"code\":408");
            assertThat(millis).isBetween(300L, 3000L);
            assertThat(client.send(HttpMethod.GET, "/health/live", null, null).status()).isEqualTo(200);
        }
    }

    @Test
    void h2OverTlsByAlpnAndHttp11ForClientsWithoutIt() throws Exception {
        X509Bundle cert = new CertificateBuilder().secureRandom(new SecureRandom()) // the default waits for entropy
                .subject("CN=localhost").addSanIpAddress("127.0.0.1")
                .setIsCertificateAuthority(true).ecp256().buildSelfSigned();
        SslContext serverTls = SslContextBuilder.forServer(cert.toKeyManagerFactory())
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        HttpChannels.ALPN_PROTOCOLS))
                .build();
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);

        try (TestHub hub = TestHub.start(s -> s, new MemoryDeviceRegistry(), () -> serverTls)) {
            URI live = URI.create("https://127.0.0.1:" + hub.port() + "/health/live");
            URI things = URI.create("https://127.0.0.1:" + hub.port() + "/api/v1/things");
            for (HttpClient.Version version : HttpClient.Version.values()) {
                HttpClient client = HttpClient.newBuilder().sslContext(clientTls).version(version).build();
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(live).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.version()).isEqualTo(version);
                    assertThat(r.statusCode()).isEqualTo(200);

                    HttpResponse<String> list = client.send(HttpRequest.newBuilder(things)
                            .header("Authorization", "Bearer " + ADMIN).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(list.version()).isEqualTo(version);
                    assertThat(json(list).get("things").isArray()).isTrue();
                } finally {
                    client.shutdownNow();
                }
            }
        }
    }
}
