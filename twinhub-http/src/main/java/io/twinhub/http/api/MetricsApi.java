package io.twinhub.http.api;

import io.twinhub.core.auth.Principal;
import io.twinhub.http.routing.ApiException;
import io.twinhub.http.routing.ApiRequest;
import io.twinhub.http.routing.ApiResponse;
import io.twinhub.http.routing.Route;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /metrics}. Open by default, as Prometheus scrapers expect; with
 * {@code http.metricsRequireToken} an admin or application token is required.
 */
public final class MetricsApi {

    private final PrometheusExport export;
    private final boolean needsToken;
    private final BlockingWork work;

    public MetricsApi(PrometheusExport export, boolean needsToken, BlockingWork work) {
        this.export = export;
        this.needsToken = needsToken;
        this.work = work;
    }

    public List<Route> routes() {
        return List.of(new Route("GET", "/metrics", needsToken, this::scrape));
    }

    private CompletionStage<ApiResponse> scrape(ApiRequest req) {
        if (req.principal() != null && req.principal().kind() != Principal.Kind.ADMIN
                && req.principal().kind() != Principal.Kind.APPLICATION) {
            throw ApiException.forbidden("metrics need an admin or application token");
        }
        // Reading JVM MXBeans takes a moment; keep it off the event loop.
        return work.call(() -> new ApiResponse(200, PrometheusExport.CONTENT_TYPE, export.scrape(), Map.of()));
    }
}
