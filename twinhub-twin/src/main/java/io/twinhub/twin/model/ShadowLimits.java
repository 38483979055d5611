package io.twinhub.twin.model;

/**
 * Limits on what a shadow may hold. {@code maxStateBytes}: the serialized desired and reported
 * sections together, after an update is merged (413 beyond it). {@code maxDepth}: levels inside
 * desired or reported (400 beyond it; see docs/SHADOWS.md for how levels are counted).
 * {@code maxClientTokenBytes}: the UTF-8 length of a request's clientToken (400 beyond it).
 */
public record ShadowLimits(int maxStateBytes, int maxDepth, int maxClientTokenBytes) {

    public static final ShadowLimits DEFAULT = new ShadowLimits(8192, 6, 64);

    public ShadowLimits {
        if (maxStateBytes < 1 || maxDepth < 1 || maxClientTokenBytes < 1) {
            throw new IllegalArgumentException("shadow limits must be positive: state bytes " + maxStateBytes
                    + ", depth " + maxDepth + ", clientToken bytes " + maxClientTokenBytes);
        }
    }
}
