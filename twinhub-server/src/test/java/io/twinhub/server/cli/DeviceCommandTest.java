package io.twinhub.server.cli;

import io.twinhub.core.device.Presence;
import io.twinhub.http.testkit.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code twinhub device …} against a real HTTP server in this JVM. */
class DeviceCommandTest {

    private final TestHub hub = TestHub.start();
    private StringWriter out;
    private StringWriter err;

    @AfterEach
    void stop() {
        hub.close();
    }

    private int device(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 5];
        all[0] = "device";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--url";
        all[args.length + 2] = hub.url();
        all[args.length + 3] = "--token";
        all[args.length + 4] = TestHub.ADMIN;
        return cli.execute(all);
    }

    @Test
    void addPrintsTheTokenOnceAndStoresAttributes() {
        assertThat(device("add", "pump-7", "--attr", "site=north", "--attr", "floor=2", "--attributes", "{\"tags\":[\"a\"]}"))
                .as(err::toString).isZero();

        assertThat(out.toString()).startsWith("created thing pump-7\ntoken: ");
        String token = out.toString().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertThat(hub.registry.verifyToken("pump-7", token.getBytes())).isTrue();
        var attrs = hub.registry.get("pump-7").orElseThrow().attributes();
        assertThat(attrs).containsEntry("site", "north").containsEntry("floor", 2).containsKey("tags");
    }

    @Test
    void listGetRotateAndRemove() {
        device("add", "a-1");
        device("add", "a-2");
        device("add", "b-1");
        hub.presence.set("a-1", new Presence(true, 1_700_000_000L, 1_700_000_100L));

        assertThat(device("list", "--prefix", "a-")).isZero();
        assertThat(out.toString().lines()).hasSize(3);
        assertThat(out.toString()).contains("ID").contains("a-1").contains("a-2").doesNotContain("b-1");

        assertThat(device("list", "--limit", "1")).isZero();
        assertThat(out.toString()).contains("a-1").contains("(more: --cursor a-1");
        assertThat(device("list", "--limit", "1", "--all")).isZero();
        assertThat(out.toString()).contains("a-1").contains("a-2").contains("b-1").doesNotContain("more:");

        assertThat(device("get", "a-1")).isZero();
        assertThat(out.toString()).contains("id:         a-1")
                .contains("presence:   online since 2023-11-14T22:13:20Z, last seen 2023-11-14T22:15:00Z");
        assertThat(device("get", "a-2")).isZero();
        assertThat(out.toString()).contains("presence:   never seen");

        assertThat(device("get", "a-1", "--json")).isZero();
        assertThat(out.toString().strip()).startsWith("{\"id\":\"a-1\"");

        assertThat(device("rotate", "a-2")).isZero();
        assertThat(out.toString()).startsWith("new token for a-2: ");

        assertThat(device("rm", "b-1")).isZero();
        assertThat(out.toString()).isEqualTo("deleted thing b-1\n");
        assertThat(hub.registry.get("b-1")).isEmpty();
    }

    @Test
    void apiErrorsAreOneLineWithTheStatus() {
        assertThat(device("get", "missing")).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("twinhub: no thing 'missing' (HTTP 404)\n");

        device("add", "dup");
        assertThat(device("add", "dup")).isEqualTo(1);
        assertThat(err.toString()).contains("already exists (HTTP 409)");
    }

    @Test
    void wrongTokenAndUnreachableNodeAreExplained() throws Exception {
        CommandLine cli = Main.commandLine();
        StringWriter e = new StringWriter();
        cli.setErr(new PrintWriter(e, true));
        assertThat(cli.execute("device", "list", "--url", hub.url(), "--token", "nope")).isEqualTo(1);
        assertThat(e.toString()).isEqualTo("twinhub: invalid token (HTTP 401)\n");

        int freePort;
        try (ServerSocket s = new ServerSocket(0)) {
            freePort = s.getLocalPort();
        }
        StringWriter e2 = new StringWriter();
        CommandLine cli2 = Main.commandLine();
        cli2.setErr(new PrintWriter(e2, true));
        assertThat(cli2.execute("device", "list", "--url", "http://127.0.0.1:" + freePort, "--token", "x")).isEqualTo(1);
        assertThat(e2.toString()).contains("cannot reach http://127.0.0.1:" + freePort + ": connection refused");
    }
}
