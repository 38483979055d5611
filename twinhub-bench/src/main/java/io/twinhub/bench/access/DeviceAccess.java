package io.twinhub.bench.access;

import io.twinhub.tls.IssuedCertificate;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the devices of a connect run need before they can log in, prepared before the
 * clock starts: registered in the node (tokens over the REST API), a client certificate each,
 * and a TLS client of their own group.
 */
public final class DeviceAccess {

    /** Provisioning is bounded like everything else in a run. */
    static final int PROVISION_TIMEOUT_SECONDS = 1_200;

    private final AuthMode mode;
    private final TrustMaterial trust;
    private final String tlsHost;
    private final HubApi api;
    private final int provisionConcurrency;

    /**
     * @param trust what the generator trusts (and issues device certificates with); null for plain TCP
     * @param tlsHost the server name checked against its certificate (null without TLS)
     * @param api the node's REST API; needed when devices must be registered, else optional (counters)
     */
    public DeviceAccess(AuthMode mode, TrustMaterial trust, String tlsHost, HubApi api, int provisionConcurrency) {
        if (mode == AuthMode.CERTIFICATES && (trust == null || !trust.canIssue())) {
            throw new IllegalArgumentException("--auth certificates needs TLS and a CA that can issue device certificates");
        }
        if (mode.needsRegisteredDevices() && api == null) {
            throw new IllegalArgumentException("--auth " + mode.option() + " registers the devices first: give --api-url "
                    + "and --api-token (a node started with --start twinhub provides both)");
        }
        this.mode = mode;
        this.trust = trust;
        this.tlsHost = tlsHost;
        this.api = api;
        this.provisionConcurrency = provisionConcurrency;
    }

    /** Anonymous devices over plain TCP: what the connect scenario always did. */
    public static DeviceAccess anonymous() {
        return new DeviceAccess(AuthMode.NONE, null, null, null, 1);
    }

    public AuthMode mode() {
        return mode;
    }

    public boolean tls() {
        return trust != null;
    }

    /** Whether every connection is the plain anonymous one (no per-device preparation). */
    public boolean plain() {
        return mode == AuthMode.NONE && trust == null;
    }

    /**
     * Registers {@code ids} (tokens, certificates), issues their certificates and builds their TLS
     * client. {@code what} names the group in {@code details} ("devices", "warmup").
     */
    public Fleet enroll(List<String> ids, String what, PrintStream out, Map<String, Object> details)
            throws IOException, InterruptedException {
        List<String> tokens = null;
        if (mode.needsRegisteredDevices()) {
            out.printf("provision: registering %,d %s through %s (%d requests at once)%n", ids.size(), what,
                    api.base(), provisionConcurrency);
            Provisioner.Outcome o = new Provisioner(api, provisionConcurrency, PROVISION_TIMEOUT_SECONDS).create(ids, out);
            out.printf("provision: %,d %s registered in %.1f s (%.0f/s, %d busy answers retried)%n", ids.size(), what,
                    o.nanos() / 1e9, o.perSecond(), o.busyAnswers());
            details.put(what + "_provision_seconds", o.nanos() / 1e9);
            details.put(what + "_provision_per_second", o.perSecond());
            if (mode == AuthMode.TOKENS) {
                tokens = o.tokens();
            }
        }
        ClientTls tls = null;
        if (trust != null) {
            List<IssuedCertificate> certificates = null;
            if (mode == AuthMode.CERTIFICATES) {
                long t0 = System.nanoTime();
                certificates = trust.issueDevices(ids);
                out.printf("certificates: issued %,d device certificates in %.1f s%n", ids.size(),
                        (System.nanoTime() - t0) / 1e9);
            }
            tls = new ClientTls(trust.trusted(), certificates, ids.size());
        }
        return new Fleet(ids, tokens, tls, tlsHost);
    }

    /**
     * The node's authentication and TLS counters (hash checks, cache hits, busy refusals, failed
     * handshakes) when its REST API is known; empty otherwise or when they cannot be read.
     */
    public Map<String, Double> serverCounters() {
        if (api == null) {
            return Map.of();
        }
        try {
            Map<String, Double> all = api.counters("twinhub_");
            Map<String, Double> out = new TreeMap<>();
            all.forEach((k, v) -> {
                if (k.startsWith("twinhub_auth_") || k.startsWith("twinhub_tls_")) {
                    out.put(k, v);
                }
            });
            return out;
        } catch (IOException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }
}
