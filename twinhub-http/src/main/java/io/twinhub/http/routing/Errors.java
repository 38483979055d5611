package io.twinhub.http.routing;

import io.twinhub.core.device.DeviceExistsException;
import io.twinhub.core.store.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;

/** Turns a failure into the JSON error a client sees; unexpected ones are logged, never shown. */
public final class Errors {

    private static final Logger log = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    public static ApiResponse toResponse(Throwable error) {
        Throwable e = unwrap(error);
        return switch (e) {
            case ApiException api -> ApiResponse.error(api.status(), api.getMessage());
            case DeviceExistsException exists -> ApiResponse.error(409, exists.getMessage());
            case StoreUnavailableException store -> {
                log.warn("store refused a change: {}", store.getMessage());
                yield ApiResponse.error(503, "the hub cannot store changes right now; try again later");
            }
            case RejectedExecutionException busy ->
                    ApiResponse.error(503, "the hub is busy; try again later").withHeader("retry-after", "1");
            default -> {
                log.error("request failed", e);
                yield ApiResponse.error(500, "internal error");
            }
        };
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
