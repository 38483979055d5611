package io.twinhub.server.cli;

/** The node could not start for a reason the operator can act on; the message is one line. */
public final class StartupException extends RuntimeException {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
