package io.twinhub.it.shadow;

import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.twinhub.it.shadow.Json.assertRejection;
import static io.twinhub.it.shadow.Json.parse;
import static io.twinhub.it.shadow.Json.token;
import static io.twinhub.it.shadow.Json.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests the hub refuses (contract §3, "Rejections"): each gets one {@code …/rejected}
 * answer with its code, and leaves the shadow as it was.
 */
class ShadowRejectionTest extends ShadowNodeTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void badUpdatesAreRejectedWithTheirCodeAndChangeNothing(Protocol protocol) {
        ShadowClient device = things.device(protocol, "meter-1");
        Shadow s = Shadow.twin("meter-1");
        device.subscribed(s.all());

        device.request(s.topic("update"), update("{\"rate\":1}", null, "ok-1"));
        assertThat(device.next().version()).isEqualTo(1);
        device.drain(); // documents, delta

        rejected(device, s, "{\"state\":{\"desired\":", 400, null);
        rejected(device, s, "[1,2,3]", 400, null);
        rejected(device, s, "{\"clientToken\":\"no-state\"}", 400, "no-state");
        rejected(device, s, "{\"state\":{\"desired\":{\"rate\":2}},\"version\":\"one\",\"clientToken\":\"bad-version\"}",
                400, "bad-version");
        rejected(device, s, update("{\"rate\":2}", null, "x".repeat(65)), 400, null);
        rejected(device, s, update(nested(7), null, "too-deep"), 400, "too-deep");
        rejected(device, s, update("{\"list\":[1,null,3]}", null, "null-in-array"), 400, "null-in-array");
        rejected(device, s, update("{\"blob\":\"" + "b".repeat(9000) + "\"}", null, "too-big"), 413, "too-big");
        rejected(device, s, "{\"state\":{\"desired\":{\"rate\":2}},\"version\":7,\"clientToken\":\"stale\"}", 409, "stale");

        device.request(s.topic("get"), token("after"));
        Answer doc = device.next();
        assertThat(doc.topic()).isEqualTo(s.topic("get/accepted"));
        assertThat(doc.version()).as("no rejected update changed the shadow").isEqualTo(1);
        assertThat(doc.body().at("/state/desired")).isEqualTo(parse("{\"rate\":1}"));

        // the limits themselves are allowed: a 64-byte clientToken, nesting 6 deep, the right version
        String longest = "t".repeat(64);
        device.request(s.topic("update"), update(nested(6), null, longest));
        Answer deep = device.next();
        assertThat(deep.topic()).as(deep.toString()).isEqualTo(s.topic("update/accepted"));
        assertThat(deep.clientToken()).isEqualTo(longest);
        assertThat(deep.version()).isEqualTo(2);
        device.drain();
        device.request(s.topic("update"),
                "{\"state\":{\"reported\":{\"rate\":1}},\"version\":2,\"clientToken\":\"right-version\"}");
        Answer versioned = device.next();
        assertThat(versioned.topic()).as(versioned.toString()).isEqualTo(s.topic("update/accepted"));
        assertThat(versioned.version()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void theSizeLimitHoldsForDesiredAndReportedTogether(Protocol protocol) {
        ShadowClient device = things.device(protocol, "meter-2");
        Shadow s = Shadow.twin("meter-2").named("log");
        device.subscribed(s.topic("update/accepted"), s.topic("update/rejected"));
        String half = "\"" + "h".repeat(5000) + "\"";
        device.request(s.topic("update"), update("{\"a\":" + half + "}", null, "first-half"));
        assertThat(device.next().topic()).isEqualTo(s.topic("update/accepted"));
        rejected(device, s, update(null, "{\"b\":" + half + "}", "second-half"), 413, "second-half");
    }

    /** One request answered by exactly one rejection, nothing else. */
    private static void rejected(ShadowClient device, Shadow s, String payload, int code, String clientToken) {
        device.request(s.topic("update"), payload);
        Answer a = device.next();
        assertThat(a.topic()).as("answer to " + abbreviated(payload) + ": " + a).isEqualTo(s.topic("update/rejected"));
        assertRejection(a, code, clientToken);
    }

    private static String abbreviated(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    /** An object nested {@code depth} levels: {@code {"l1":{"l2":…{"lN":1}}}}. */
    private static String nested(int depth) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= depth; i++) {
            b.append("{\"l").append(i).append("\":");
        }
        b.append('1');
        b.append("}".repeat(depth));
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void aBurstBeyondTenInFlightIsPartlyRefusedWith429AndEveryRequestIsAnswered(Protocol protocol) {
        int n = 200;
        ShadowClient device = things.device(protocol, "meter-3");
        Shadow s = Shadow.twin("meter-3");
        device.subscribed(s.topic("update/accepted"), s.topic("update/rejected"));
        for (int i = 0; i < n; i++) {
            device.publishAsync(s.topic("update"), update(null, "{\"n\":" + i + "}", "r-" + i)
                    .getBytes(StandardCharsets.UTF_8), 0);
        }
        Map<String, List<Answer>> byToken = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Answer a = device.next();
            byToken.computeIfAbsent(a.clientToken(), t -> new ArrayList<>()).add(a);
            order.add(a.clientToken());
        }
        assertThat(device.drain()).as("no second answer to any request").isEmpty();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sent.add("r-" + i);
        }
        assertThat(order).as("one answer per request, in request order").containsExactlyElementsOf(sent);

        List<Long> acceptedVersions = new ArrayList<>();
        int refused = 0;
        for (String t : sent) {
            Answer a = byToken.get(t).getFirst();
            if (a.is("update/accepted")) {
                acceptedVersions.add(a.version());
            } else {
                assertRejection(a, 429, t);
                refused++;
            }
        }
        System.out.println("[ShadowRejectionTest] " + protocol + ": " + refused + " of " + n + " refused with 429");
        assertThat(refused).as("requests refused with 429 out of " + n + " sent at once").isPositive();
        List<Long> consecutive = new ArrayList<>();
        for (long v = 1; v <= acceptedVersions.size(); v++) {
            consecutive.add(v);
        }
        assertThat(acceptedVersions).as("each accepted update adds exactly 1").isEqualTo(consecutive);

        device.subscribed(s.topic("get/accepted"));
        device.request(s.topic("get"), token("count"));
        Answer doc = device.next();
        assertThat(doc.version()).isEqualTo(acceptedVersions.size());
        String lastAccepted = sent.stream().filter(t -> byToken.get(t).getFirst().is("update/accepted"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat("r-" + doc.body().at("/state/reported/n").asText()).as("the last accepted update is the state")
                .isEqualTo(lastAccepted);
    }
}
