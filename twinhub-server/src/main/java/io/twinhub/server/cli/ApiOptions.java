package io.twinhub.server.cli;

import picocli.CommandLine.Option;

/** Where the node's REST API is and how to authenticate: mixed into the {@code device} commands. */
public final class ApiOptions {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "The node's HTTP address (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TWINHUB_TOKEN}",
            description = "Admin or application bearer token (default: the TWINHUB_TOKEN environment variable).")
    String token;

    @Option(names = "--json", description = "Print the API's JSON answer as is.")
    boolean json;

    ApiClient client() {
        return new ApiClient(url, token);
    }
}
