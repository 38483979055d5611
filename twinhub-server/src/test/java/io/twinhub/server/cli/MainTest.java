package io.twinhub.server.cli;

import io.twinhub.server.NodeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Exit codes and messages of the command line, for inputs that fail before a node would start. */
class MainTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpAndVersionSucceed() {
        assertThat(execute("--help")).isZero();
        assertThat(out.toString()).contains("run").contains("Usage: twinhub");

        assertThat(execute("--version")).isZero();
        assertThat(out.toString()).contains("twinhub ");

        assertThat(execute("run", "--help")).isZero();
        assertThat(out.toString()).contains("--mqtt-port").contains("--max-session-expiry").contains("--config");
    }

    @Test
    void noCommandShowsUsageAndFails() {
        assertThat(execute()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Usage: twinhub");
    }

    @Test
    void badOptionIsOneMessagePlusAHint() {
        assertThat(execute("run", "--mqtt-port", "abc")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).startsWith("twinhub: Invalid value for option '--mqtt-port'")
                .contains("Try 'twinhub run --help'.")
                .doesNotContain("Usage:");
    }

    @Test
    void badConfigIsOneLineWithoutStackTrace() {
        int code = execute("run", "--config", dir.resolve("missing.yaml").toString());

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("twinhub: config file not found:").doesNotContain("\n");
    }

    @Test
    void outOfRangeValueNamesTheOption() {
        assertThat(execute("run", "--transport", "smoke-signals")).isEqualTo(1);
        assertThat(err.toString().strip()).contains("--transport").contains("smoke-signals").doesNotContain("\n");
    }

    @Test
    void verboseAddsTheStackTrace() {
        execute("run", "--verbose", "--config", dir.resolve("missing.yaml").toString());

        assertThat(err.toString()).contains("twinhub: config file not found:").contains("\tat io.twinhub");
    }

    @Test
    void portInUseIsExplained() {
        NodeConfig config = new NodeConfig("127.0.0.1", 1883, dir, "auto", 0, NodeConfig.defaults().limits(), NodeConfig.Storage.defaults());
        Exception failure = new RuntimeException("start failed", new BindException("Address already in use"));

        assertThat(NodeRunner.startFailure(config, failure).getMessage())
                .isEqualTo("cannot listen on tcp://127.0.0.1:1883: address already in use"
                        + " (another broker running? try --mqtt-port)");
        assertThat(NodeRunner.startFailure(config, new java.nio.channels.UnresolvedAddressException()).getMessage())
                .endsWith("unknown host (check --bind)");
        assertThat(NodeRunner.startFailure(config, new IOException("bind(..) failed with error(-13): Permission denied"))
                .getMessage()).isEqualTo("cannot listen on tcp://127.0.0.1:1883: Permission denied");
        assertThat(NodeRunner.startFailure(config, new IllegalStateException("boom")).getMessage())
                .isEqualTo("cannot start the node: IllegalStateException: boom");
    }

    @Test
    void listeningAddressIsPrintedAsUri() {
        assertThat(NodeRunner.uri(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1883)))
                .isEqualTo("tcp://127.0.0.1:1883");
        assertThat(NodeRunner.uri(new InetSocketAddress("::1", 18830))).isEqualTo("tcp://[0:0:0:0:0:0:0:1]:18830");
    }
}
