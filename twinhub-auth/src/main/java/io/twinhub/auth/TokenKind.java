package io.twinhub.auth;

/** The kinds of secret the hub issues, each with a prefix that makes a leaked token recognisable. */
public enum TokenKind {
    DEVICE("thd_"),
    APPLICATION("tha_"),
    ADMIN("thk_");

    private final String prefix;

    TokenKind(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
