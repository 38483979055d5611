package io.twinhub.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The server's current {@link SslContext}, replaced when its files change. Every handshake takes
 * the context current at accept time, so a renewed certificate applies to new connections while
 * open ones keep the one they were made with. A change that does not make a usable context (half
 * copied, key not matching the certificate, not PEM) is logged and the previous context stays.
 *
 * <p>Thread-safety: {@link #get()} is a volatile read and safe from any thread, including event
 * loops; checks run on one daemon thread of this object's own (or the caller's, with {@link #checkNow()}).
 */
public final class ReloadingSslContext implements Supplier<SslContext>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReloadingSslContext.class);

    private final TlsSettings settings;
    private final SslProvider provider;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    private volatile String lastRejectedDigest;
    private ScheduledExecutorService poller;

    /** What the context was made from: the digest of its files and the certificate it serves. */
    private record Loaded(SslContext context, String digest, X509Certificate certificate) {
    }

    private ReloadingSslContext(TlsSettings settings, SslProvider provider) {
        this.settings = settings;
        this.provider = provider;
        current.set(load(TlsFiles.read(settings)));
    }

    /**
     * Loads the files now (a {@link TlsException} if they are unusable) with the preferred provider,
     * and, if the settings' reload interval is positive, starts checking them for changes.
     */
    public static ReloadingSslContext start(TlsSettings settings) {
        return start(settings, TlsContexts.preferredProvider());
    }

    public static ReloadingSslContext start(TlsSettings settings, SslProvider provider) {
        ReloadingSslContext contexts = new ReloadingSslContext(settings, provider);
        X509Certificate cert = contexts.certificate();
        log.info("TLS: {} serving {} (serial {}, valid until {}), client certificates: {}",
                TlsContexts.describe(provider), cert.getSubjectX500Principal().getName(),
                cert.getSerialNumber().toString(16), cert.getNotAfter().toInstant(), settings.clientAuth().configName());
        long millis = settings.reloadInterval().toMillis();
        if (millis > 0) {
            contexts.poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "twinhub-tls-reload");
                t.setDaemon(true);
                return t;
            });
            contexts.poller.scheduleWithFixedDelay(contexts::checkQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
        return contexts;
    }

    /** The context new handshakes should use. */
    @Override
    public SslContext get() {
        return current.get().context();
    }

    /** A handler for a new connection, from the current context. */
    public SslHandler newHandler(ByteBufAllocator allocator) {
        return get().newHandler(allocator);
    }

    /** The certificate new handshakes present. */
    public X509Certificate certificate() {
        return current.get().certificate();
    }

    public SslProvider provider() {
        return provider;
    }

    public TlsSettings settings() {
        return settings;
    }

    /** How many times a changed set of files replaced the context. */
    public long reloads() {
        return reloads.get();
    }

    /** How many changed sets of files were refused (the old context stayed). */
    public long failedReloads() {
        return failedReloads.get();
    }

    /**
     * Reads the files and, if they differ from what the current context was made from and make a
     * usable context, switches to it. Returns true if it switched. A set of files already refused is
     * not tried (or logged) again until it changes.
     */
    public synchronized boolean checkNow() {
        TlsFiles files;
        try {
            files = TlsFiles.read(settings);
        } catch (TlsException e) {
            refuse(e.getMessage(), "unreadable:" + e.getMessage());
            return false;
        }
        if (files.digest().equals(current.get().digest()) || files.digest().equals(lastRejectedDigest)) {
            return false;
        }
        Loaded next;
        try {
            next = load(files);
        } catch (TlsException e) {
            refuse(e.getMessage(), files.digest());
            return false;
        }
        current.set(next);
        lastRejectedDigest = null;
        reloads.incrementAndGet();
        log.info("TLS: reloaded; new connections get {} (serial {}, valid until {})",
                next.certificate().getSubjectX500Principal().getName(), next.certificate().getSerialNumber().toString(16),
                next.certificate().getNotAfter().toInstant());
        return true;
    }

    private void refuse(String reason, String digest) {
        if (digest.equals(lastRejectedDigest)) {
            return;
        }
        lastRejectedDigest = digest;
        failedReloads.incrementAndGet();
        log.error("TLS: changed files not used, keeping the current certificate: {}", reason);
    }

    private void checkQuietly() {
        try {
            checkNow();
        } catch (RuntimeException e) {
            log.error("TLS: reload check failed", e);
        }
    }

    private Loaded load(TlsFiles files) {
        SslContext context = TlsContexts.build(settings, files, provider);
        X509Certificate cert = Pem.certificates(files.certificateChain(), settings.certificateChain().toString())[0];
        return new Loaded(context, files.digest(), cert);
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.shutdownNow();
        }
    }
}
