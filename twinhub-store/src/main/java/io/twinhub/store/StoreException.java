package io.twinhub.store;

/**
 * Something the store cannot work around: the data directory is locked, of a newer layout or
 * not writable, a record does not decode, a write failed. The message is written for the
 * operator: it names the directory, file, column family or key concerned.
 */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
