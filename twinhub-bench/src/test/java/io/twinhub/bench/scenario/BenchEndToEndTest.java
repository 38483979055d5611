package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.BenchMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A short, tiny bench run against an in-process twinhub node, through the real command line, so
 * the tool cannot rot unnoticed: if the broker or the generator breaks, this fails.
 */
@Timeout(120)
class BenchEndToEndTest extends InProcessNodeTest {

    @Test
    void publishWithASubscriberAtQos1() throws Exception {
        Path out = dir.resolve("publish.json");
        int code = BenchMain.run("publish", "--target", target, "--publishers", "4", "--subscribers", "1",
                "--qos", "1", "--rate", "2000", "--warmup", "1", "--duration", "2", "--quiet", "--out", out.toString());
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        JsonNode result = json.get("result");
        assertThat(code).as(result.get("notes").toString()).isZero();
        assertThat(json.get("command").asText()).startsWith("./twinhub bench publish --target 127.0.0.1:");
        assertThat(result.get("valid").asBoolean()).isTrue();
        assertThat(result.at("/figures/ingest_rate/value").asDouble()).isBetween(1000.0, 3000.0);
        assertThat(result.at("/details/warmup_continuous").asBoolean()).isTrue();
        long confirmed = result.at("/details/confirmed").asLong();
        assertThat(confirmed).isPositive();
        // Open loop: the warm-up runs straight into the measured window, so the few warm-up messages
        // still on their way to the subscriber at the switch arrive in it.
        assertThat(result.at("/details/received").asLong()).isBetween(confirmed, confirmed + confirmed / 20);
        assertThat(result.at("/details/gaps").asLong()).isZero();
        assertThat(result.at("/figures/ack_p99/value").asDouble()).isPositive();
        assertThat(result.at("/figures/e2e_p99/value").asDouble()).isPositive();
        assertThat(result.get("progress").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void connectAndHold() throws Exception {
        Path out = dir.resolve("connect.json");
        int code = BenchMain.run("connect", "--target", target, "--devices", "200", "--duration", "1", "--quiet",
                "--out", out.toString());
        JsonNode result = new ObjectMapper().readTree(out.toFile()).get("result");
        assertThat(code).as(result.get("notes").toString()).isZero();
        assertThat(result.at("/figures/connected/value").asInt()).isEqualTo(200);
        assertThat(result.at("/figures/connect_rate/value").asDouble()).isPositive();
    }

    @Test
    void connectSplitOverChildProcesses() throws Exception {
        Path out = dir.resolve("split.json");
        int code = BenchMain.run("connect", "--target", target, "--devices", "250", "--max-per-process", "100",
                "--warmup", "1", "--duration", "1", "--quiet", "--out", out.toString());
        JsonNode result = new ObjectMapper().readTree(out.toFile()).get("result");
        assertThat(code).as(result.get("notes").toString()).isZero();
        assertThat(result.at("/config/generator_processes").asInt()).isEqualTo(3);
        assertThat(result.at("/figures/connected/value").asInt()).isEqualTo(250);
        assertThat(result.at("/details/connect_latency_ms/count").asLong()).isEqualTo(250);
        assertThat(result.at("/figures/connect_rate/value").asDouble()).isPositive();
    }

    @Test
    void fleetTelemetrySaysWhatIsSwitchedOff() throws Exception {
        Path out = dir.resolve("fleet.json");
        int code = BenchMain.run("fleet", "--target", target, "--devices", "20", "--telemetry-hz", "10",
                "--warmup", "0", "--duration", "1", "--quiet", "--out", out.toString());
        JsonNode result = new ObjectMapper().readTree(out.toFile()).get("result");
        assertThat(code).as(result.get("notes").toString()).isZero();
        assertThat(result.get("notes").toString()).contains("shadow reports OFF");
        assertThat(result.at("/details/received").asLong()).isEqualTo(result.at("/details/confirmed").asLong());
    }

    @Test
    void httpIsNotFaked() {
        assertThat(BenchMain.run("http")).isEqualTo(3);
    }

    @Test
    void refusesNonLoopbackTargetsAndUnboundedRuns() {
        assertThat(BenchMain.run("publish", "--target", "10.1.2.3:1883", "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("publish", "--target", target, "--duration", "301", "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("connect", "--target", target, "--devices", "100001", "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("publish", "--target", target, "--publishers", "9000", "--subscribers", "9001",
                "--quiet")).isEqualTo(2);
    }
}
