package io.twinhub.server.cli;

/** A REST call of a CLI command failed; the message is one line, meant to be shown as is. */
final class ApiCallException extends RuntimeException {

    ApiCallException(String message) {
        super(message);
    }

    ApiCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
