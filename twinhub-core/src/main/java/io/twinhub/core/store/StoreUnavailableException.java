package io.twinhub.core.store;

/**
 * A store refused a change because it cannot make it durable (disk full, I/O error, closed, or no
 * store configured). Protocol layers answer "try later" (HTTP 503) instead of an internal error.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
