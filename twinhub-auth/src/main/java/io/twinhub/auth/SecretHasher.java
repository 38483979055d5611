package io.twinhub.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slow, salted hashes of secrets with Argon2id (RFC 9106), encoded in the usual self-describing
 * form {@code $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>} (unpadded base64). A
 * stored hash carries its own parameters, so they can be raised later without breaking the
 * hashes already stored.
 *
 * <p>Verification takes about as long as hashing: call it off the event loops.
 */
public final class SecretHasher {

    /**
     * @param memoryKib memory per hash, in KiB
     * @param iterations passes over that memory
     * @param parallelism lanes
     */
    public record Params(int memoryKib, int iterations, int parallelism) {
        /**
         * 1 MiB, 1 pass, 1 lane (about 2 ms): every stored secret is a generated 256-bit token, so
         * the cost only decides how fast a fleet gets back in after a restart (docs/SECURITY.md).
         */
        public static final Params DEFAULT = new Params(1024, 1, 1);
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern ENCODED = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,4}),p=(\\d{1,3})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final Params params;
    private final SecureRandom random = new SecureRandom();

    public SecretHasher(Params params) {
        this.params = params;
    }

    public SecretHasher() {
        this(Params.DEFAULT);
    }

    public String hash(byte[] secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(secret, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** True when {@code secret} hashes to {@code encoded}; false for a wrong secret or a malformed hash. */
    public boolean verify(String encoded, byte[] secret) {
        Matcher m = ENCODED.matcher(encoded);
        if (!m.matches()) {
            return false;
        }
        Params p = new Params(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        byte[] salt = B64_DECODER.decode(m.group(4));
        byte[] expected = B64_DECODER.decode(m.group(5));
        return MessageDigest.isEqual(expected, argon2(secret, salt, p, expected.length));
    }

    private static byte[] argon2(byte[] secret, byte[] salt, Params p, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(secret, out);
        return out;
    }
}
