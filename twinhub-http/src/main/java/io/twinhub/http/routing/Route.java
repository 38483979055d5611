package io.twinhub.http.routing;

/**
 * One endpoint.
 *
 * @param method HTTP method
 * @param path the path template, with {@code {name}} segments (see {@link PathTemplate})
 * @param needsToken true when the request must carry a valid bearer token
 * @param handler what answers it
 */
public record Route(String method, String path, boolean needsToken, RequestHandler handler) {

    public static Route open(String method, String path, RequestHandler handler) {
        return new Route(method, path, false, handler);
    }

    public static Route authenticated(String method, String path, RequestHandler handler) {
        return new Route(method, path, true, handler);
    }
}
