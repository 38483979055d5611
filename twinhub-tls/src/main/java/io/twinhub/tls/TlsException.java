package io.twinhub.tls;

/** TLS material that cannot be used (missing file, not PEM, key does not match the certificate); one-line message. */
public class TlsException extends RuntimeException {

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
