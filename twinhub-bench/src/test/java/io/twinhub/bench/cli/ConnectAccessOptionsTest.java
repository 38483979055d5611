package io.twinhub.bench.cli;

import io.twinhub.bench.BenchMain;
import io.twinhub.bench.access.AuthMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The connect scenario's --auth, --tls and --passes options: what combinations run and what is refused. */
class ConnectAccessOptionsTest {

    private static final String TARGET = "127.0.0.1:1";

    private static ConnectCommand parse(String... args) {
        var cl = BenchMain.commandLine();
        var parsed = cl.parseArgs(args);
        ConnectCommand cmd = (ConnectCommand) parsed.subcommand().commandSpec().userObject();
        cmd.validateAll();
        cmd.target.validate();
        return cmd;
    }

    @Test
    void anonymousPlainTcpIsTheDefault() {
        ConnectCommand cmd = parse("connect", "--target", TARGET);
        assertThat(cmd.access.mode()).isEqualTo(AuthMode.NONE);
        assertThat(cmd.access.requested()).isFalse();
        assertThat(cmd.passes).isEqualTo(1);
    }

    @Test
    void tokensAgainstATargetNeedTheApiAndReadTheTokenFromTheOption() {
        ConnectCommand cmd = parse("connect", "--target", TARGET, "--auth", "tokens", "--api-url",
                "http://127.0.0.1:8080", "--api-token", "thk_admin.x", "--passes", "2", "--provision-concurrency", "4");
        assertThat(cmd.access.mode()).isEqualTo(AuthMode.TOKENS);
        assertThat(cmd.access.usesTls()).isFalse();
        assertThat(cmd.access.provisionConcurrency).isEqualTo(4);
        assertThat(cmd.passes).isEqualTo(2);

        assertThatThrownBy(() -> parse("connect", "--target", TARGET, "--auth", "tokens"))
                .hasMessageContaining("--api-url");
    }

    @Test
    void certificatesImplyTlsAndNeedACaThatCanIssue(@TempDir Path dir) throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read while parsing");
        assertThatThrownBy(() -> parse("connect", "--target", TARGET, "--auth", "certificates",
                "--api-url", "http://127.0.0.1:8080", "--ca", ca.toString())).hasMessageContaining("--ca-key");

        Files.writeString(dir.resolve("ca.key"), "found next to ca.pem, as 'twinhub certs dev' writes it");
        ConnectCommand cmd = parse("connect", "--target", TARGET, "--auth", "certificates",
                "--api-url", "http://127.0.0.1:8080", "--ca", ca.toString());
        assertThat(cmd.access.usesTls()).isTrue();

        assertThatThrownBy(() -> parse("connect", "--target", TARGET, "--tls")).hasMessageContaining("--ca");
    }

    @Test
    void aStartedNodeBringsItsOwnCaAndApi() {
        ConnectCommand cmd = parse("connect", "--start", "twinhub", "--auth", "certificates", "--passes", "2");
        assertThat(cmd.access.usesTls()).isTrue();
        assertThatThrownBy(() -> parse("connect", "--start", "twinhub", "--tls", "--ca", "ca.pem"))
                .hasMessageContaining("makes its own CA");
        assertThatThrownBy(() -> parse("connect", "--start", "mosquitto", "--auth", "tokens"))
                .hasMessageContaining("twinhub node");
    }

    @Test
    void refusedCombinationsExitWithUsageErrors() {
        assertThat(BenchMain.run("connect", "--target", TARGET, "--auth", "passwords", "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("connect", "--target", TARGET, "--passes", "6", "--quiet")).isEqualTo(2);
        // One generator process only: the split run's children know nothing of credentials.
        assertThat(BenchMain.run("connect", "--start", "twinhub", "--auth", "tokens", "--devices", "18001",
                "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("connect", "--start", "twinhub", "--auth", "tokens", "--username", "u",
                "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("connect", "--start", "twinhub", "--auth", "tokens",
                "--provision-concurrency", "0", "--quiet")).isEqualTo(2);
        assertThat(BenchMain.run("compare", "--servers", "twinhub", "connect", "--auth", "tokens")).isEqualTo(2);
    }
}
