package io.twinhub.bench.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TwinhubEndpointsTest {

    private static final List<String> FIRST_START = List.of(
            "17:40:18.125 INFO  [main] i.t.s.RocksBrokerStore - store opened: /tmp/x/data (durability sync, layout 1)",
            "twinhub 0.1.0-SNAPSHOT listening: mqtt tcp://127.0.0.1:35253  mqtts ssl://127.0.0.1:33717  "
                    + "http http://127.0.0.1:44663  https https://127.0.0.1:46779  data: /tmp/x/data",
            "twinhub: first start: created admin token 'admin'. It is shown only now; keep it safe:",
            "  thk_admin.jlDR09nDzk7-VNZGFofawC5fgFEXfoJ1M2EIkUwiJ7w",
            "twinhub: use it as 'Authorization: Bearer <token>'; docs/SECURITY.md tells how to add devices");

    @Test
    void readsListenersAndTheAdminTokenOfAFirstStart() {
        TwinhubEndpoints e = TwinhubEndpoints.parse(FIRST_START);
        assertThat(e.mqtts().getPort()).isEqualTo(33717);
        assertThat(e.mqtts().getHostString()).isEqualTo("127.0.0.1");
        assertThat(e.http()).isEqualTo(URI.create("http://127.0.0.1:44663"));
        assertThat(e.adminToken()).isEqualTo("thk_admin.jlDR09nDzk7-VNZGFofawC5fgFEXfoJ1M2EIkUwiJ7w");
    }

    @Test
    void aNodeWithoutTlsOrAFirstStartHasNeither() {
        TwinhubEndpoints e = TwinhubEndpoints.parse(List.of(
                "twinhub 0.1.0 listening: mqtt tcp://127.0.0.1:1883  http http://127.0.0.1:8080  data: ./data"));
        assertThat(e.mqtts()).isNull();
        assertThat(e.http()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(e.adminToken()).isNull();
    }

    @Test
    void nothingUntilTheNodeSaysWhereItListens() {
        assertThat(TwinhubEndpoints.parse(FIRST_START.subList(0, 1))).isNull();
    }

    @Test
    void waitsForTheLogAndGivesUpWithTheLogsName(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.write(log, FIRST_START);
        assertThat(TwinhubEndpoints.await(log, 5).adminToken()).startsWith("thk_admin.");

        Path silent = dir.resolve("silent.log");
        Files.writeString(silent, "starting\n");
        assertThatThrownBy(() -> TwinhubEndpoints.await(silent, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("silent.log");
    }
}
