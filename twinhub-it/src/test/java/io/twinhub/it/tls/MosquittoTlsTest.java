package io.twinhub.it.tls;

import io.twinhub.tls.IssuedCertificate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * mosquitto_pub and mosquitto_sub (libmosquitto on OpenSSL) with device certificates against a node
 * that requires them: the documented {@code certs dev} walk-through, end to end. Skipped when the
 * mosquitto clients are not installed.
 */
class MosquittoTlsTest {

    @RegisterExtension
    final TlsNode node = new TlsNode("require", 0);

    @BeforeAll
    static void mosquittoClientsInstalled() {
        Assumptions.assumeTrue(onPath("mosquitto_pub") && onPath("mosquitto_sub"),
                "mosquitto_pub/mosquitto_sub not on PATH (apt-get install mosquitto-clients); skipping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tlsv1.2", "tlsv1.3"})
    void devicesPublishAndSubscribeWithTheirCertificates(String version) throws Exception {
        List<String> sub = tool("mosquitto_sub", "sensor-1", version);
        sub.addAll(List.of("-d", "-t", "$twin/things/sensor-1/cmd", "-q", "1", "-C", "1", "-W", "10", "-F", "MSG|%t|%p"));
        Process subscriber = new ProcessBuilder(prefixUnbuffered(sub)).redirectErrorStream(true).start();
        try {
            BlockingQueue<String> lines = readLines(subscriber);
            awaitLine(lines, "Subscribed (mid");

            String secret = node.application("app-1", "$twin/things/+/cmd");
            List<String> pub = tool("mosquitto_pub", "app-1", node.certificate("app-1"), version);
            pub.addAll(List.of("-u", "app-1", "-P", secret, "-t", "$twin/things/sensor-1/cmd", "-q", "1", "-m", "reboot"));
            assertThat(run(pub)).isZero();

            assertThat(awaitLine(lines, "MSG|")).isEqualTo("MSG|$twin/things/sensor-1/cmd|reboot");
            assertThat(subscriber.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(subscriber.exitValue()).isZero();
        } finally {
            subscriber.destroyForcibly();
        }
    }

    @Test
    void mosquittoPubWithoutCertificateIsRefused() throws Exception {
        List<String> pub = new ArrayList<>(List.of("mosquitto_pub", "-h", "localhost", "-p", Integer.toString(node.tlsPort()),
                "--cafile", node.caFile().toString(), "-i", "nobody", "-t", "x", "-m", "y"));
        assertThat(run(pub)).isNotZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().tlsHandshakeFailures() > 0);
    }

    /** Host, TLS port, CA, the device's own certificate and key, client id = device id. */
    private List<String> tool(String name, String deviceId, String version) {
        return tool(name, deviceId, node.device(deviceId), version);
    }

    private List<String> tool(String name, String deviceId, IssuedCertificate cert, String version) {
        Path certFile = node.write("device-" + deviceId, cert);
        Path keyFile = certFile.resolveSibling("device-" + deviceId + ".key");
        return new ArrayList<>(List.of(name, "-h", "localhost", "-p", Integer.toString(node.tlsPort()),
                "--cafile", node.caFile().toString(), "--cert", certFile.toString(), "--key", keyFile.toString(),
                "--tls-version", version, "-i", deviceId, "-V", "mqttv311"));
    }

    private static List<String> prefixUnbuffered(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("stdbuf", "-oL"));
        all.addAll(cmd);
        return all;
    }

    private static int run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + cmd);
        }
        return p.exitValue();
    }

    private static BlockingQueue<String> readLines(Process p) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        }, "mosquitto-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "'; saw " + seen);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
