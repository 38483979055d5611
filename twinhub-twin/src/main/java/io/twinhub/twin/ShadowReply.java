package io.twinhub.twin;

/**
 * The answer to one shadow request: {@code status} 200 with the accepted body of the contract
 * (the document for a get, the accepted update, or {@code {"version","timestamp"}} for a
 * delete), or the rejection's code (400, 404, 409, 413, 429, 500…) with its rejected body
 * {@code {"code","message","timestamp","clientToken"}}. {@code version} is the shadow's version
 * after the request (0 when it has none), for ETags.
 */
public record ShadowReply(int status, byte[] body, long version) {

    public boolean accepted() {
        return status == 200;
    }
}
