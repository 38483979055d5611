package io.twinhub.twin.model;

/**
 * Why a request cannot be applied: the code and message of its rejection, and the request's
 * clientToken when it was read before the problem was found. Raised on ordinary bad input, so
 * it carries no stack trace.
 */
final class RequestRejected extends Exception {

    private final int code;
    private final String clientToken;

    RequestRejected(int code, String message, String clientToken) {
        super(message, null, false, false);
        this.code = code;
        this.clientToken = clientToken;
    }

    static RequestRejected badRequest(String message, String clientToken) {
        return new RequestRejected(400, message, clientToken);
    }

    int code() {
        return code;
    }

    String clientToken() {
        return clientToken;
    }
}
