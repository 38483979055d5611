package io.twinhub.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twinhub.bench.BenchMain;
import io.twinhub.bench.discard.DiscardServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short {@code bench shadow} runs through the real command line against an in-process twinhub
 * node (anonymous devices on loopback, durability sync), so the scenario breaks visibly when the
 * hub's shadows or the generator change.
 */
@Timeout(120)
class ShadowBenchTest extends InProcessNodeTest {

    private static JsonNode run(String name, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "shadow";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--target";
        all[args.length + 2] = target;
        return BenchRuns.run(dir, name, all);
    }

    @Test
    void devicesReportAndEveryUpdateIsAnsweredAccepted() throws Exception {
        JsonNode r = run("closed", "--devices", "10", "--warmup", "1", "--duration", "2");
        assertThat(r.get("valid").asBoolean()).isTrue();
        long accepted = r.at("/details/accepted").asLong();
        assertThat(accepted).isPositive();
        assertThat(r.at("/details/sent").asLong()).isEqualTo(accepted);
        assertThat(r.at("/details/rejected").asLong()).isZero();
        assertThat(r.at("/details/unmatched_answers").asLong()).isZero();
        assertThat(r.at("/figures/accepted_rate/value").asDouble()).isPositive();
        assertThat(r.at("/figures/accepted_p99/value").asDouble()).isPositive();
        assertThat(r.at("/details/accepted_latency_ms/count").asLong()).isEqualTo(accepted);
        assertThat(r.get("progress").size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void versionsDesiredUpdatesAndDeltasOpenLoop() throws Exception {
        JsonNode r = run("versions", "--devices", "10", "--rate", "500", "--with-versions", "--desired-rate", "100",
                "--delta", "--topic-prefix", "aws", "--warmup", "1", "--duration", "2");
        assertThat(r.get("valid").asBoolean()).isTrue();
        long accepted = r.at("/details/accepted").asLong();
        long rejected = r.at("/details/rejected").asLong();
        assertThat(accepted).isPositive();
        assertThat(accepted + rejected).isEqualTo(r.at("/details/sent").asLong());
        // Desired updates are the only other writers, so a conflict is the only possible rejection.
        assertThat(r.at("/figures/conflicts/value").asLong()).isEqualTo(rejected);
        long desired = r.at("/details/desired_sent").asLong();
        assertThat(desired).isPositive();
        assertThat(r.at("/details/desired_accepted").asLong()).isEqualTo(desired);
        assertThat(r.at("/details/deltas_received").asLong()).isPositive();
        assertThat(r.at("/details/setpoints_applied").asLong()).isPositive();
        assertThat(r.at("/figures/delta_p99/value").asDouble()).isPositive();
    }

    @Test
    void aServerWithoutShadowsGivesAnInvalidRunNotAFigure() throws Exception {
        try (DiscardServer discard = DiscardServer.start("127.0.0.1", 0, 1, false)) {
            Path out = dir.resolve("discard.json");
            int code = BenchMain.run("shadow", "--target", "127.0.0.1:" + discard.address().getPort(), "--devices", "3",
                    "--warmup", "0", "--duration", "1", "--drain-timeout", "1", "--quiet", "--out", out.toString());
            JsonNode r = new ObjectMapper().readTree(out.toFile()).get("result");
            assertThat(code).isEqualTo(1);
            assertThat(r.get("valid").asBoolean()).isFalse();
            assertThat(r.get("notes").toString()).contains("no shadow answer at all");
        }
    }
}
