package io.twinhub.auth;

/**
 * How the hub authenticates.
 *
 * @param anonymous who may connect without credentials
 * @param hashThreads threads that check slow hashes
 * @param hashQueue checks that may wait for a thread; beyond it a connect is refused as "server unavailable"
 * @param cacheSize verified credentials remembered, so that reconnecting clients skip the slow hash
 * @param failureBurst failed authentications allowed in a row per source address and per client id; 0 = no limit
 * @param failuresPerMinute how fast that allowance refills
 * @param hashParams Argon2id parameters for new hashes
 */
public record AuthSettings(AnonymousPolicy anonymous, int hashThreads, int hashQueue, int cacheSize,
                           int failureBurst, int failuresPerMinute, SecretHasher.Params hashParams) {

    public static AuthSettings defaults() {
        return new AuthSettings(AnonymousPolicy.AUTO, 2, 256, 100_000, 10, 30, SecretHasher.Params.DEFAULT);
    }

    public AuthSettings withAnonymous(AnonymousPolicy policy) {
        return new AuthSettings(policy, hashThreads, hashQueue, cacheSize, failureBurst, failuresPerMinute, hashParams);
    }

    public AuthSettings withFailureLimit(int burst, int perMinute) {
        return new AuthSettings(anonymous, hashThreads, hashQueue, cacheSize, burst, perMinute, hashParams);
    }
}
