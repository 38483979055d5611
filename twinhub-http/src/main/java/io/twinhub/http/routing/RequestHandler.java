package io.twinhub.http.routing;

import java.util.concurrent.CompletionStage;

/**
 * Answers one route. Called on an event loop: it must not block; blocking work goes to the
 * API's worker pool and the answer comes back as a stage. Throwing {@link ApiException} (or
 * completing with it) sends that error.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletionStage<ApiResponse> handle(ApiRequest request);
}
