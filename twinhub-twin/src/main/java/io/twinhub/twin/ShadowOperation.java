package io.twinhub.twin;

/** What a request does to a shadow. */
public enum ShadowOperation {
    GET, UPDATE, DELETE
}
