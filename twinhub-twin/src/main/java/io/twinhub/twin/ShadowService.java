package io.twinhub.twin;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Device shadows as the contract's §3 defines them. Requests for one shadow are applied one at a
 * time in the order they were made; an update or delete completes only after it is durable.
 * Accepted updates and deletes are also announced over MQTT ({@code update/documents},
 * {@code update/delta}) so that devices see changes made through any interface.
 */
public interface ShadowService {

    /** Version value meaning "no version check". */
    long ANY_VERSION = -1;

    /**
     * Applies one request made outside MQTT (the REST API). {@code payload} is the request JSON
     * (may be empty for get and delete); {@code expectedVersion} (from {@code If-Match}) works
     * like the request's {@code version}, {@link #ANY_VERSION} for none. Completes on any thread.
     */
    CompletableFuture<ShadowReply> request(ShadowRef ref, ShadowOperation operation, byte[] payload,
                                           long expectedVersion);

    /** Names of the thing's existing shadows, the classic one as {@code ""}; sorted. */
    CompletableFuture<List<String>> names(String thingId);
}
