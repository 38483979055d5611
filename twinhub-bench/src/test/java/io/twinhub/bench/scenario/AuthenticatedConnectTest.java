package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.bench.access.HubApi;
import io.twinhub.bench.access.Provisioner;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.TwinhubNode;
import io.twinhub.tls.DevCertificateSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short connect runs with credentials against an in-process node through the real command line:
 * devices registered over its REST API log in with their tokens, or with client certificates over
 * TLS, and connect a second time from cached credentials and resumed TLS sessions.
 */
@Timeout(180)
class AuthenticatedConnectTest {

    @TempDir
    static Path dir;

    private static TwinhubNode node;
    private static String target;
    private static String tlsTarget;
    private static String api;
    private static String adminToken;

    @BeforeAll
    static void startNode() throws Exception {
        Path certs = dir.resolve("certs");
        DevCertificateSet.write(certs, List.of(), 1);
        // Client certificates optional: one listener serves certificate logins and token logins over TLS.
        NodeConfig.Tls tls = new NodeConfig.Tls(true, 0, 0, certs.resolve("server.pem"), certs.resolve("server.key"),
                certs.resolve("ca.pem"), "optional", 0, 10);
        node = BenchRuns.startNode(NodeConfig.forTest(dir.resolve("data")).withTls(tls));
        target = BenchRuns.mqttTarget(node);
        tlsTarget = "127.0.0.1:" + node.mqttsAddress().getPort();
        api = "http://127.0.0.1:" + node.httpAddress().orElseThrow().getPort();
        adminToken = node.bootstrapAdminToken().orElseThrow();
    }

    @AfterAll
    static void stopNode() {
        BenchRuns.stop(node);
    }

    private static JsonNode run(String name, String... args) throws Exception {
        return BenchRuns.run(dir, name, args);
    }

    @Test
    void devicesLogInWithTheirTokensThenReconnectFromTheCredentialCache() throws Exception {
        JsonNode r = run("tokens", "connect", "--target", target, "--auth", "tokens", "--api-url", api,
                "--api-token", adminToken, "--devices", "50", "--passes", "2", "--warmup", "1",
                "--warmup-devices", "10", "--duration", "1");
        assertThat(r.at("/config/auth").asText()).isEqualTo("tokens");
        assertThat(r.at("/figures/connected/value").asInt()).isEqualTo(50);
        assertThat(r.at("/figures/reconnect_failed/value").asInt()).isZero();
        assertThat(r.at("/figures/reconnect_rate/value").asDouble()).isPositive();
        // the warm-up devices connect, then reconnect as the measured ones will
        assertThat(r.at("/details/warmup_rounds").asInt()).isEqualTo(1 + ConnectEngine.WARMUP_RECONNECT_ROUNDS);
        assertThat(r.at("/details/warmup_connects").asInt()).isEqualTo(10 * (1 + ConnectEngine.WARMUP_RECONNECT_ROUNDS));
        JsonNode first = r.at("/details/passes/0");
        JsonNode second = r.at("/details/passes/1");
        assertThat(first.get("connected").asInt()).isEqualTo(50);
        assertThat(second.get("connected").asInt()).isEqualTo(50);
        // The node checked every token's hash once, then answered the reconnects from its cache.
        assertThat(first.at("/server_counters/twinhub_auth_hash_checks_total").asDouble()).isEqualTo(50);
        assertThat(second.at("/server_counters/twinhub_auth_cache_hits_total").asDouble()).isEqualTo(50);
        assertThat(second.at("/server_counters/twinhub_auth_hash_checks_total").isMissingNode()).isTrue();
    }

    @Test
    void devicesLogInWithCertificatesOverTlsThenResumeTheirSessions() throws Exception {
        JsonNode r = run("mtls", "connect", "--target", tlsTarget, "--auth", "certificates",
                "--ca", dir.resolve("certs/ca.pem").toString(), "--api-url", api, "--api-token", adminToken,
                "--devices", "30", "--passes", "2", "--warmup", "0", "--duration", "1");
        assertThat(r.at("/config/tls").asBoolean()).isTrue();
        assertThat(r.at("/figures/connected/value").asInt()).isEqualTo(30);
        assertThat(r.at("/details/passes/0/tls_full_handshakes").asLong()).isEqualTo(30);
        assertThat(r.at("/details/passes/1/connected").asInt()).isEqualTo(30);
        assertThat(r.at("/details/passes/1/tls_resumed").asLong()).isEqualTo(30);
        assertThat(r.at("/details/passes/1/tls_full_handshakes").asLong()).isZero();
    }

    @Test
    void anonymousDevicesOverTlsResumeToo() throws Exception {
        JsonNode r = run("tls", "connect", "--target", tlsTarget, "--tls", "--ca",
                dir.resolve("certs/ca.pem").toString(), "--devices", "20", "--passes", "2", "--warmup", "0",
                "--duration", "1");
        assertThat(r.at("/figures/connected/value").asInt()).isEqualTo(20);
        assertThat(r.at("/details/passes/1/tls_resumed").asLong()).isEqualTo(20);
    }

    @Test
    void provisioningAnExistingDeviceRotatesItsToken() throws Exception {
        Provisioner p = new Provisioner(new HubApi(URI.create(api), adminToken), 2, 60);
        List<String> ids = List.of("bench-rotated-1", "bench-rotated-2", "bench-rotated-3");
        List<String> first = p.create(ids, null).tokens();
        List<String> second = p.create(ids, null).tokens();
        assertThat(first).allSatisfy(t -> assertThat(t).startsWith("thd_bench-rotated-"));
        assertThat(second.get(0)).startsWith("thd_bench-rotated-1.").isNotEqualTo(first.get(0));
        assertThat(node.devices().get("bench-rotated-3")).isPresent();
    }
}
