package io.twinhub.it.durability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real twinhub node in a child JVM ({@code twinhub run}), so that it can be killed with
 * SIGKILL and started again on the same data directory. Its stdout and stderr go to one log
 * file, appended across restarts. Every wait is bounded.
 */
public final class NodeProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern LISTENING =
            Pattern.compile("^twinhub \\S+ listening: mqtt tcp://127\\.0\\.0\\.1:(\\d+)\\s");
    private static final Pattern HTTP_LISTENING = Pattern.compile("\\shttp http://127\\.0\\.0\\.1:(\\d+)\\s");
    /** The line under "first start: created admin token": the token, indented. */
    private static final Pattern ADMIN_TOKEN = Pattern.compile("^  (thk_\\S+)$");

    private final Path dataDir;
    private final Path logFile;
    private final Path logbackConfig;
    private final List<String> extraArgs;
    private Process process;
    private Thread drainer;
    private int port = -1;
    private volatile int httpPort = -1;
    private final CompletableFuture<String> adminToken = new CompletableFuture<>();
    private int starts;

    /**
     * @param workDir   where the log file and the child's logging configuration go
     * @param dataDir   the node's data directory, kept across restarts
     * @param extraArgs more {@code run} options, e.g. {@code --durability sync}
     */
    NodeProcess(Path workDir, Path dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.logFile = workDir.resolve("node-" + dataDir.getFileName() + ".log");
        this.logbackConfig = workDir.resolve("node-logback.xml");
        this.extraArgs = List.of(extraArgs);
    }

    /** Starts the node and waits (bounded) until it says it listens. */
    public NodeProcess start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node already running");
        }
        writeLogbackConfig();
        starts++;
        appendToLog("===== start #" + starts + " (" + java.time.Instant.now() + ") =====");
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--enable-native-access=ALL-UNNAMED");
        RocksLibrary.directory().ifPresent(dir -> command.add("-Djava.library.path=" + dir));
        command.add("-Dlogback.configurationFile=" + logbackConfig);
        command.add("-cp");
        command.add(classPath());
        command.add("io.twinhub.server.cli.Main");
        command.add("run");
        command.add("--mqtt-port");
        command.add("0");
        command.add("--http-port");
        command.add("0");
        command.add("--data-dir");
        command.add(dataDir.toString());
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        process = pb.start();
        process.getOutputStream().close();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Process p = process;
        drainer = Thread.ofPlatform().daemon().name("node-log-drainer-" + starts)
                .start(() -> drain(p, listening));
        try {
            port = listening.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("node did not start (" + e.getCause().getMessage() + ")\n" + logTail(), e);
        } catch (TimeoutException e) {
            kill9();
            throw new AssertionError("node did not say it listens within " + START_TIMEOUT + "\n" + logTail());
        }
        return this;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Waits until the process is gone. */
    public void kill9() throws InterruptedException {
        if (process == null) {
            return;
        }
        appendToLog("===== kill -9 (" + java.time.Instant.now() + ") =====");
        process.destroyForcibly();
        awaitExit("kill -9");
    }

    /** SIGTERM: the node's shutdown hook closes it cleanly. Waits until the process is gone. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        appendToLog("===== SIGTERM (" + java.time.Instant.now() + ") =====");
        process.destroy();
        awaitExit("SIGTERM");
    }

    /** Stops the node by {@code how} and starts it again on the same data directory. */
    public void restart(Stop how) throws IOException, InterruptedException {
        if (how == Stop.KILL_9) {
            kill9();
        } else {
            stop();
        }
        start();
    }

    public enum Stop { GRACEFUL, KILL_9 }

    private void awaitExit(String what) throws InterruptedException {
        Process p = process;
        if (!p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("node did not exit within " + EXIT_TIMEOUT + " after " + what + "\n" + logTail());
        }
        drainer.join(EXIT_TIMEOUT.toMillis());
        appendToLog("===== exited with " + p.exitValue() + " =====");
        process = null;
        port = -1;
        httpPort = -1;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    public int port() {
        if (port < 0) {
            throw new IllegalStateException("node not running");
        }
        return port;
    }

    /** The HTTP listener's port, from the line the node printed when it started listening. */
    public int httpPort() {
        if (httpPort < 0) {
            throw new IllegalStateException("node not running, or without HTTP");
        }
        return httpPort;
    }

    /** The admin token the node printed on its first start (it prints none on later starts). */
    public String firstStartAdminToken() {
        try {
            return adminToken.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the node printed no admin token\n" + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String host() {
        return "127.0.0.1";
    }

    public String tcpUri() {
        return "tcp://127.0.0.1:" + port();
    }

    Path logFile() {
        return logFile;
    }

    Path dataDir() {
        return dataDir;
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        try {
            if (!Files.exists(logFile)) {
                return "(no node log)";
            }
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            int from = Math.max(0, lines.size() - 80);
            return "----- node log " + logFile + " (last " + (lines.size() - from) + " lines) -----\n"
                    + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            return "(node log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            kill9();
        }
    }

    // ---------------------------------------------------------------- internals

    private void drain(Process p, CompletableFuture<Integer> listening) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                log.println(line);
                if (!listening.isDone()) {
                    Matcher m = LISTENING.matcher(line + " ");
                    if (m.find()) {
                        Matcher http = HTTP_LISTENING.matcher(line + " ");
                        httpPort = http.find() ? Integer.parseInt(http.group(1)) : -1;
                        listening.complete(Integer.parseInt(m.group(1)));
                    }
                }
                Matcher token = ADMIN_TOKEN.matcher(line);
                if (token.matches()) {
                    adminToken.complete(token.group(1));
                }
            }
        } catch (IOException e) {
            // the process died: whatever it wrote is in the log
        } finally {
            listening.completeExceptionally(new IOException("node exited before listening"));
        }
    }

    private synchronized void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * INFO (or {@code -Ddurability.nodeLogLevel=DEBUG}), to stdout: the test class path's
     * logback-test.xml would log every packet at DEBUG.
     */
    private void writeLogbackConfig() throws IOException {
        if (Files.exists(logbackConfig)) {
            return;
        }
        Files.writeString(logbackConfig, """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="io.netty" level="WARN"/>
                  <logger name="io.twinhub" level="LEVEL"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """.replace("LEVEL", System.getProperty("durability.nodeLogLevel", "INFO")), StandardCharsets.UTF_8);
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Surefire may start tests from a manifest-only jar; its real class path is then in this property. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
