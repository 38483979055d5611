package io.twinhub.server.config;

/** A configuration problem the operator must fix; its message is one line, meant to be shown as is. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
