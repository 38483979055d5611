package io.twinhub.server.cli;

import io.twinhub.auth.AdminTokens;
import io.twinhub.server.ListenerException;
import io.twinhub.server.NodeConfig;
import io.twinhub.server.config.ConfigException;
import io.twinhub.server.TwinhubNode;
import io.twinhub.tls.TlsException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.util.concurrent.CountDownLatch;

/** Starts a node, says where it listens, and closes it cleanly when the JVM is asked to stop. */
final class NodeRunner {

    private static final long SHUTDOWN_GRACE_MILLIS = 30_000;

    private final PrintStream out;

    NodeRunner(PrintStream out) {
        this.out = out;
    }

    int runUntilShutdown(NodeConfig config) throws InterruptedException {
        createDataDir(config);
        TwinhubNode node;
        try {
            node = new TwinhubNode(config);
        } catch (ConfigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw startFailure(config, e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> stop(node, stopped), "twinhub-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            node.start();
        } catch (Exception e) {
            abandon(node, hook);
            throw startFailure(config, e);
        }
        String mqtts = node.mqttsAddress() == null ? "" : "  mqtts " + uri("ssl", node.mqttsAddress());
        String http = node.httpAddress().map(a -> "  http " + uri("http", a)).orElse("");
        String https = node.httpsAddress().map(a -> "  https " + uri("https", a)).orElse("");
        out.println("twinhub " + Version.current() + " listening: mqtt " + uri(node.mqttAddress()) + mqtts + http + https
                + "  data: " + config.dataDir());
        node.bootstrapAdminToken().ifPresent(token -> {
            out.println("twinhub: first start: created admin token '" + AdminTokens.BOOTSTRAP_NAME
                    + "'. It is shown only now; keep it safe:");
            out.println("  " + token);
            out.println("twinhub: use it as 'Authorization: Bearer <token>'; docs/SECURITY.md tells how to add"
                    + " devices, applications and more admin tokens");
        });
        out.flush();
        stopped.await();
        return 0;
    }

    private void stop(TwinhubNode node, CountDownLatch stopped) {
        Thread.ofPlatform().daemon().name("twinhub-shutdown-watchdog").start(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS);
                System.err.println("twinhub: shutdown took too long, exiting anyway");
                Runtime.getRuntime().halt(1);
            } catch (InterruptedException ignored) {
                // the JVM is exiting
            }
        });
        out.println("twinhub: shutting down");
        try {
            node.close();
            out.println("twinhub: stopped");
        } catch (RuntimeException e) {
            System.err.println("twinhub: error while shutting down: " + ErrorHandler.describe(e));
        }
        out.flush();
        stopped.countDown();
    }

    private static void abandon(TwinhubNode node, Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook closes the node
        }
        try {
            node.close();
        } catch (RuntimeException ignored) {
            // already failing; the start failure is what matters
        }
    }

    private static void createDataDir(NodeConfig config) {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "a file is in the way"
                    : e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : String.valueOf(e.getMessage());
            throw new StartupException("cannot create data directory " + config.dataDir() + ": " + reason, e);
        }
    }

    static StartupException startFailure(NodeConfig config, Throwable e) {
        if (e instanceof TlsException) {
            return new StartupException("TLS: " + e.getMessage(), e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String scheme = e instanceof ListenerException l ? l.scheme() : "tcp";
        int port = e instanceof ListenerException l ? l.port() : config.mqttPort();
        String flag = e instanceof ListenerException l ? l.flag() : "--mqtt-port";
        boolean mqttsToo = scheme.equals("tcp") && config.tls().enabled();
        String where = "cannot listen on " + scheme + "://" + host(config.bindAddress()) + ":" + port
                + (mqttsToo ? " or ssl://" + host(config.bindAddress()) + ":" + config.tls().mqttPort() : "") + ": ";
        String message = String.valueOf(root.getMessage());
        if (message.contains("Address already in use")) {
            String who = scheme.equals("tcp") ? "another broker" : "another server";
            return new StartupException(where + "address already in use (" + who + " running? try " + flag
                    + (mqttsToo ? " or --mqtts-port" : "") + ")", e);
        }
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            return new StartupException(where + "unknown host (check --bind)", e);
        }
        if (message.contains("Cannot assign requested address")) {
            return new StartupException(where + "not an address of this machine (check --bind)", e);
        }
        if (root instanceof BindException || message.contains("bind(")) {
            return new StartupException(where + message.substring(message.lastIndexOf(':') + 1).trim(), e);
        }
        return new StartupException("cannot start the node: " + root.getClass().getSimpleName() + ": " + message, e);
    }

    static String uri(InetSocketAddress address) {
        return uri("tcp", address);
    }

    static String uri(String scheme, InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return scheme + "://" + host(host) + ":" + address.getPort();
    }

    private static String host(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
