package io.twinhub.http.routing;

import io.twinhub.core.auth.Principal;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request as handlers see it, copied out of Netty's buffers so that it can move to a
 * worker thread freely.
 *
 * @param method upper-case method name
 * @param path the decoded path, without query
 * @param query query parameters (decoded)
 * @param headers request headers, names in lower case (first value of each)
 * @param body the request body (empty when none)
 * @param remoteAddress the peer's IP address as text
 * @param pathParams values of the route's {@code {name}} segments
 * @param principal who sent it, or null on routes without authentication
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, List<String>> query,
        Map<String, String> headers,
        byte[] body,
        String remoteAddress,
        Map<String, String> pathParams,
        Principal principal) {

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter '" + name + "'");
        }
        return value;
    }

    /** The last value of a query parameter, or null when absent. */
    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    ApiRequest matched(Map<String, String> params) {
        return new ApiRequest(method, path, query, headers, body, remoteAddress, params, principal);
    }

    ApiRequest authenticated(Principal who) {
        return new ApiRequest(method, path, query, headers, body, remoteAddress, pathParams, who);
    }
}
