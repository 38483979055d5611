package io.twinhub.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.twinhub.core.auth.AccessRules;
import io.twinhub.core.auth.AuthOutcome;
import io.twinhub.core.auth.AuthOutcome.Reason;
import io.twinhub.core.auth.Authenticator;
import io.twinhub.core.auth.ClientCredentials;
import io.twinhub.core.auth.Permissions;
import io.twinhub.core.auth.Principal;
import io.twinhub.core.auth.TopicPermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The hub's {@link Authenticator}: devices (token or client certificate), applications, admin
 * tokens and anonymous clients, as described in {@code docs/SECURITY.md}.
 *
 * <p>Never blocks its caller. Slow work (Argon2id, store reads) runs on a small pool with a
 * bounded queue; when the queue is full the attempt is refused as {@link Reason#UNAVAILABLE}.
 * Verified (owner, SHA-256 of the token) pairs are cached, so a reconnect storm of known devices
 * costs no slow hash; a rotation, deletion or rule change drops the owner's entries.
 */
public final class HubAuthenticator implements Authenticator, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HubAuthenticator.class);
    private static final Duration CACHE_TTL = Duration.ofMinutes(30);
    /**
     * One digest per thread: looking the algorithm up among the security providers costs more
     * than hashing a token, and every connect with a token hashes one.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });

    /** Who a verified token belongs to; rules are compiled per connection (placeholders differ). */
    private record Identity(Principal.Kind kind, String owner, AccessRules rules, Permissions devicePermissions) { }

    /**
     * A verified token: its kind, owner and SHA-256. The digest stays binary and gives the hash
     * (it is uniform already), so a lookup formats and hashes no 64-character string.
     */
    private static final class CacheKey {
        private final TokenKind kind;
        private final String owner;
        private final byte[] tokenSha256;
        private final int hash;

        CacheKey(TokenKind kind, String owner, byte[] tokenSha256) {
            this.kind = kind;
            this.owner = owner;
            this.tokenSha256 = tokenSha256;
            this.hash = (int) INT_VIEW.get(tokenSha256, 0) ^ kind.ordinal();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CacheKey k && k.hash == hash && k.kind == kind
                    && Arrays.equals(k.tokenSha256, tokenSha256) && k.owner.equals(owner);
        }
    }

    private static final VarHandle INT_VIEW = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private final StoredDeviceRegistry devices;
    private final ApplicationCredentials applications;
    private final AdminTokens adminTokens;
    private final AuthSettings settings;
    private final ThreadPoolExecutor executor;
    private final Cache<CacheKey, Identity> verified;
    private final FailureLimiter limiter;
    private final AuthMetrics metrics = new AuthMetrics();
    /** Bumped on every credential change, so that a check racing with a change is not cached. */
    private final AtomicLong generation = new AtomicLong();

    public HubAuthenticator(StoredDeviceRegistry devices, ApplicationCredentials applications,
                            AdminTokens adminTokens, AuthSettings settings) {
        this.devices = devices;
        this.applications = applications;
        this.adminTokens = adminTokens;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(settings.hashThreads(), settings.hashThreads(), 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, settings.hashQueue())),
                r -> Thread.ofPlatform().daemon().name("twinhub-auth-" + n.incrementAndGet()).unstarted(r),
                new ThreadPoolExecutor.AbortPolicy());
        this.verified = Caffeine.newBuilder().maximumSize(settings.cacheSize()).expireAfterWrite(CACHE_TTL).build();
        this.limiter = new FailureLimiter(settings.failureBurst(), settings.failuresPerMinute(), System::nanoTime);
        devices.onCredentialChange(id -> forget(TokenKind.DEVICE, id));
        applications.onCredentialChange(name -> forget(TokenKind.APPLICATION, name));
        adminTokens.onCredentialChange(name -> forget(TokenKind.ADMIN, name));
    }

    public AuthMetrics metrics() {
        return metrics;
    }

    public AuthSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- MQTT

    @Override
    public CompletionStage<AuthOutcome> authenticate(ClientCredentials c) {
        String clientId = c.clientId();
        if (limiter.isLimited(c.remoteAddress(), clientId)) {
            metrics.rateLimited.increment();
            return done(new AuthOutcome.Refused(Reason.RATE_LIMITED, "too many failed attempts, try again later"));
        }
        String cn = c.certificateCommonName();
        String username = c.username();
        byte[] password = c.password();
        // Credentials in CONNECT name the client (an application may hold a certificate just to pass
        // a listener that requires one); without them a verified certificate names the device.
        if (cn != null && (username == null || username.isEmpty())) {
            if (!cn.equals(clientId)) {
                return failed(c.remoteAddress(), clientId, Reason.NOT_AUTHORIZED,
                        "the client id must be the certificate's common name");
            }
            return slow(c.remoteAddress(), clientId, () -> devices.get(cn).isPresent()
                    ? accepted(new Principal(Principal.Kind.DEVICE, cn, TopicPermissions.forDevice(cn)))
                    : null);
        }
        if (username == null || username.isEmpty()) {
            if (password != null && password.length > 0) {
                return failed(c.remoteAddress(), clientId, Reason.BAD_CREDENTIALS, "password without user name");
            }
            if (settings.anonymous().allows(c.loopbackListener())) {
                return done(accepted(new Principal(Principal.Kind.ANONYMOUS, clientId, Permissions.ALL)));
            }
            // Not a guess (no secret was tried) and free to refuse: counted, but not rate-limited.
            metrics.anonymousRefused.increment();
            return done(new AuthOutcome.Refused(Reason.NOT_AUTHORIZED, "anonymous access is off"));
        }
        String token = password == null ? null : new String(password, StandardCharsets.UTF_8);
        Tokens.Parsed parsed = Tokens.parse(token);
        if (parsed == null || !parsed.owner().equals(username)) {
            return failed(c.remoteAddress(), clientId, Reason.BAD_CREDENTIALS, "bad user name or password");
        }
        if (parsed.kind() == TokenKind.DEVICE && !username.equals(clientId)) {
            return failed(c.remoteAddress(), clientId, Reason.NOT_AUTHORIZED, "a device's client id must be its id");
        }
        return check(parsed, password, c.remoteAddress(), clientId, new Placeholders(parsed.owner(), clientId, username));
    }

    // ---------------------------------------------------------------- REST

    @Override
    public CompletionStage<AuthOutcome> authenticateBearer(String token, String remoteAddress) {
        if (limiter.isLimited(remoteAddress, null)) {
            metrics.rateLimited.increment();
            return done(new AuthOutcome.Refused(Reason.RATE_LIMITED, "too many failed attempts, try again later"));
        }
        Tokens.Parsed parsed = Tokens.parse(token);
        if (parsed == null) {
            return failed(remoteAddress, null, Reason.BAD_CREDENTIALS, "unknown token");
        }
        return check(parsed, token.getBytes(StandardCharsets.UTF_8), remoteAddress, null,
                new Placeholders(parsed.owner(), null, parsed.owner()));
    }

    // ---------------------------------------------------------------- internals

    /** @param secret the token's bytes as the client sent them */
    private CompletionStage<AuthOutcome> check(Tokens.Parsed parsed, byte[] secret, String address, String clientId,
                                               Placeholders values) {
        CacheKey key = new CacheKey(parsed.kind(), parsed.owner(), sha256(secret));
        Identity known = verified.getIfPresent(key);
        if (known != null) {
            metrics.cacheHits.increment();
            return done(accepted(principal(known, values)));
        }
        long generationBefore = generation.get();
        return slow(address, clientId, () -> {
            Identity identity = verify(parsed, secret);
            if (identity == null) {
                return null;
            }
            if (generation.get() == generationBefore) {
                verified.put(key, identity);
                if (generation.get() != generationBefore) {
                    verified.invalidate(key);  // a change slipped in between: do not keep it
                }
            }
            return accepted(principal(identity, values));
        });
    }

    private Identity verify(Tokens.Parsed parsed, byte[] secret) {
        metrics.slowChecks.increment();
        String owner = parsed.owner();
        return switch (parsed.kind()) {
            case DEVICE -> devices.verifyToken(owner, secret)
                    ? new Identity(Principal.Kind.DEVICE, owner, AccessRules.DEVICE, TopicPermissions.forDevice(owner))
                    : null;
            case APPLICATION -> applications.verify(owner, secret)
                    .map(rules -> new Identity(Principal.Kind.APPLICATION, owner, rules, null))
                    .orElse(null);
            case ADMIN -> adminTokens.verify(owner, secret)
                    ? new Identity(Principal.Kind.ADMIN, owner, null, Permissions.ALL)
                    : null;
        };
    }

    private static Principal principal(Identity id, Placeholders values) {
        Permissions p = id.devicePermissions() != null ? id.devicePermissions()
                : TopicPermissions.compile(id.rules(), values.asMap());
        return new Principal(id.kind(), id.owner(), p);
    }

    /**
     * Runs a slow check on the pool. The check returns the acceptance, or null for bad
     * credentials (counted as a failure).
     */
    private CompletionStage<AuthOutcome> slow(String address, String clientId, Supplier<AuthOutcome> check) {
        CompletableFuture<AuthOutcome> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    AuthOutcome outcome = check.get();
                    if (outcome == null) {
                        failed(address, clientId, Reason.BAD_CREDENTIALS, "bad user name or password")
                                .whenComplete((o, e) -> result.complete(o));
                    } else {
                        result.complete(outcome);
                    }
                } catch (RuntimeException e) {
                    log.warn("credential check failed: {}", e.toString());
                    result.complete(new AuthOutcome.Refused(Reason.UNAVAILABLE, "credentials cannot be checked now"));
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.busy.increment();
            result.complete(new AuthOutcome.Refused(Reason.UNAVAILABLE, "server busy, try again later"));
        }
        return result;
    }

    private CompletionStage<AuthOutcome> failed(String address, String clientId, Reason reason, String message) {
        metrics.failed.increment();
        limiter.recordFailure(address, clientId);
        return done(new AuthOutcome.Refused(reason, message));
    }

    private AuthOutcome accepted(Principal p) {
        metrics.accepted.increment();
        return new AuthOutcome.Accepted(p);
    }

    private void forget(TokenKind kind, String owner) {
        generation.incrementAndGet();
        verified.asMap().keySet().removeIf(k -> k.kind == kind && k.owner.equals(owner));
    }

    /** What topic rules' placeholders stand for; a map only for rules that use them (not a device's). */
    private record Placeholders(String id, String clientId, String username) {
        Map<String, String> asMap() {
            Map<String, String> m = new HashMap<>(4);
            m.put("id", id);
            m.put("clientId", clientId);
            m.put("username", username);
            return m;
        }
    }

    private static CompletionStage<AuthOutcome> done(AuthOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }

    private static byte[] sha256(byte[] secret) {
        return SHA256.get().digest(secret); // digest() resets it for the next use
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
