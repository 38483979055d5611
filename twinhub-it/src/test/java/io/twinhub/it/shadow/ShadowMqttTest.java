package io.twinhub.it.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.twinhub.it.shadow.Json.assertEpochSeconds;
import static io.twinhub.it.shadow.Json.assertRejection;
import static io.twinhub.it.shadow.Json.parse;
import static io.twinhub.it.shadow.Json.token;
import static io.twinhub.it.shadow.Json.update;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device works its shadows over MQTT as contract §3 says: get, update, delete and the answers
 * to each, in order, on the classic and a named shadow, under {@code $twin} and the {@code $aws}
 * alias, with MQTT 3.1.1 and 5.0.
 */
class ShadowMqttTest extends ShadowNodeTest {

    static Stream<Arguments> protocolsAndShadows() {
        List<Arguments> all = new ArrayList<>();
        for (Protocol p : Protocol.values()) {
            for (String prefix : List.of("$twin", "$aws")) {
                for (String name : List.of("", "fw")) {
                    all.add(Arguments.of(p, prefix, name));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} shadow \"{2}\"")
    @MethodSource("protocolsAndShadows")
    void aShadowIsCreatedUpdatedDeletedAndCreatedAgainWithItsVersionGoingOn(Protocol protocol, String prefix,
                                                                            String name) {
        ShadowClient device = things.device(protocol, "lamp-1");
        Shadow s = new Shadow(prefix, "lamp-1", name);
        device.subscribed(s.all());

        // a shadow that never existed
        device.request(s.topic("get"), token("get-1"));
        Answer missing = device.next();
        assertThat(missing.topic()).isEqualTo(s.topic("get/rejected"));
        assertRejection(missing, 404, "get-1");

        // desired set: accepted, documents, delta, in this order
        String desired = "{\"color\":\"red\",\"power\":{\"level\":3}}";
        device.request(s.topic("update"), update(desired, null, "up-1"));
        Answer accepted = device.next();
        assertThat(accepted.topic()).isEqualTo(s.topic("update/accepted"));
        assertThat(accepted.body().at("/state/desired")).isEqualTo(parse(desired));
        assertThat(accepted.body().at("/state/reported").isMissingNode()).as("only the request's sections: " + accepted).isTrue();
        assertEpochSeconds(accepted.body().at("/metadata/desired/color/timestamp"), "metadata of color");
        assertEpochSeconds(accepted.body().at("/metadata/desired/power/level/timestamp"), "metadata of power.level");
        assertThat(accepted.version()).isEqualTo(1);
        assertThat(accepted.clientToken()).isEqualTo("up-1");
        assertEpochSeconds(accepted.body().path("timestamp"), "timestamp");

        Answer documents = device.next();
        assertThat(documents.topic()).isEqualTo(s.topic("update/documents"));
        assertThat(documents.body().has("previous") && documents.body().get("previous").isNull())
                .as("previous is null for a new shadow: " + documents).isTrue();
        JsonNode current = documents.body().path("current");
        assertThat(current.at("/state/desired")).isEqualTo(parse(desired));
        assertEpochSeconds(current.at("/metadata/desired/power/level/timestamp"), "current metadata");
        assertThat(current.path("version").asLong()).isEqualTo(1);
        assertThat(documents.clientToken()).isEqualTo("up-1");
        assertEpochSeconds(documents.body().path("timestamp"), "timestamp");

        Answer delta = device.next();
        assertThat(delta.topic()).isEqualTo(s.topic("update/delta"));
        assertThat(delta.body().path("state")).isEqualTo(parse(desired));
        assertThat(delta.body().path("metadata").isObject()).as("metadata of " + delta).isTrue();
        assertThat(delta.version()).isEqualTo(1);
        assertThat(delta.clientToken()).isEqualTo("up-1");
        assertEpochSeconds(delta.body().path("timestamp"), "timestamp");

        // the device reports what was desired: accepted and documents, but no delta
        device.request(s.topic("update"), update(null, desired, "up-2"));
        Answer reportedAccepted = device.next();
        assertThat(reportedAccepted.topic()).isEqualTo(s.topic("update/accepted"));
        assertThat(reportedAccepted.body().at("/state/reported")).isEqualTo(parse(desired));
        assertThat(reportedAccepted.body().at("/state/desired").isMissingNode()).isTrue();
        assertThat(reportedAccepted.version()).isEqualTo(2);
        Answer reportedDocuments = device.next();
        assertThat(reportedDocuments.topic()).isEqualTo(s.topic("update/documents"));
        assertThat(reportedDocuments.body().at("/previous/version").asLong()).isEqualTo(1);
        assertThat(reportedDocuments.body().at("/previous/state/desired")).isEqualTo(parse(desired));
        assertThat(reportedDocuments.body().at("/previous/state/reported").isMissingNode()).isTrue();
        assertThat(reportedDocuments.body().at("/current/version").asLong()).isEqualTo(2);
        assertThat(reportedDocuments.body().at("/current/state/reported")).isEqualTo(parse(desired));

        // answers come in request order: had up-2 made a delta, it would come before this get's answer
        device.request(s.topic("get"), token("get-2"));
        Answer doc = device.next();
        assertThat(doc.topic()).as("no delta once reported matches desired").isEqualTo(s.topic("get/accepted"));
        assertThat(doc.body().at("/state/desired")).isEqualTo(parse(desired));
        assertThat(doc.body().at("/state/reported")).isEqualTo(parse(desired));
        assertThat(doc.body().at("/state/delta").isMissingNode()).as("no empty delta: " + doc).isTrue();
        assertEpochSeconds(doc.body().at("/metadata/desired/power/level/timestamp"), "desired metadata");
        assertEpochSeconds(doc.body().at("/metadata/reported/color/timestamp"), "reported metadata");
        assertThat(doc.version()).isEqualTo(2);
        assertThat(doc.clientToken()).isEqualTo("get-2");
        assertEpochSeconds(doc.body().path("timestamp"), "timestamp");

        // one desired leaf changes: the delta is the whole difference, with its path from the root
        device.request(s.topic("update"), update("{\"power\":{\"level\":5}}", null, "up-3"));
        Answer changed = device.next();
        assertThat(changed.topic()).isEqualTo(s.topic("update/accepted"));
        assertThat(changed.version()).isEqualTo(3);
        assertEpochSeconds(changed.body().at("/metadata/desired/power/level/timestamp"), "metadata of what changed");
        assertThat(changed.body().at("/metadata/desired/color").isMissingNode())
                .as("metadata only of what changed: " + changed).isTrue();
        assertThat(device.next().topic()).isEqualTo(s.topic("update/documents"));
        Answer partial = device.next();
        assertThat(partial.topic()).isEqualTo(s.topic("update/delta"));
        assertThat(partial.body().path("state")).isEqualTo(parse("{\"power\":{\"level\":5}}"));
        assertThat(partial.version()).isEqualTo(3);

        // delete, then the shadow is gone
        device.request(s.topic("delete"), token("del-1"));
        Answer deleted = device.next();
        assertThat(deleted.topic()).isEqualTo(s.topic("delete/accepted"));
        assertThat(deleted.body().path("version").isIntegralNumber()).as("version of " + deleted).isTrue();
        assertThat(deleted.version()).as("the version the shadow had (docs/SHADOWS.md)").isEqualTo(3);
        assertEpochSeconds(deleted.body().path("timestamp"), "timestamp");
        assertThat(deleted.clientToken()).isEqualTo("del-1");
        device.request(s.topic("get"), token("get-3"));
        Answer gone = device.next();
        assertThat(gone.topic()).isEqualTo(s.topic("get/rejected"));
        assertRejection(gone, 404, "get-3");
        device.request(s.topic("delete"), token("del-2"));
        Answer goneAgain = device.next();
        assertThat(goneAgain.topic()).isEqualTo(s.topic("delete/rejected"));
        assertRejection(goneAgain, 404, "del-2");

        // an update recreates it; the version goes on from where it was
        device.request(s.topic("update"), update("{\"color\":\"green\"}", null, "up-4"));
        Answer recreated = device.next();
        assertThat(recreated.topic()).isEqualTo(s.topic("update/accepted"));
        assertThat(recreated.version()).as("version after delete and update").isEqualTo(4);
        Answer recreatedDocuments = device.next();
        assertThat(recreatedDocuments.topic()).isEqualTo(s.topic("update/documents"));
        assertThat(recreatedDocuments.body().has("previous") && recreatedDocuments.body().get("previous").isNull())
                .as("previous is null for a deleted shadow (docs/SHADOWS.md): " + recreatedDocuments).isTrue();
        assertThat(recreatedDocuments.body().at("/current/state/reported").isMissingNode())
                .as("nothing of the deleted shadow is left: " + recreatedDocuments).isTrue();
        assertThat(device.next().body().path("state")).isEqualTo(parse("{\"color\":\"green\"}"));
        device.request(s.topic("get"), token("get-4"));
        Answer again = device.next();
        assertThat(again.topic()).isEqualTo(s.topic("get/accepted"));
        assertThat(again.body().path("state")).isEqualTo(
                parse("{\"desired\":{\"color\":\"green\"},\"delta\":{\"color\":\"green\"}}"));
        assertThat(again.version()).isEqualTo(recreated.version());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void theAwsAliasIsTheSameShadowAndHearsOfChangesMadeUnderTwin(Protocol protocol) {
        ShadowClient device = things.device(protocol, "lamp-2");
        Shadow aws = Shadow.aws("lamp-2");
        device.subscribed(aws.all());
        ShadowClient app = things.admin(protocol, "console");
        Shadow twin = Shadow.twin("lamp-2");
        app.subscribed(twin.topic("update/accepted"), twin.topic("get/accepted"));

        app.request(twin.topic("update"), update("{\"mode\":\"eco\"}", null, "app-1"));
        assertThat(app.next().topic()).isEqualTo(twin.topic("update/accepted"));
        Answer delta = device.next(aws.topic("update/delta"));
        assertThat(delta.body().path("state")).isEqualTo(parse("{\"mode\":\"eco\"}"));
        assertThat(delta.version()).isEqualTo(1);

        device.request(aws.topic("update"), update(null, "{\"mode\":\"eco\"}", "dev-1"));
        Answer accepted = device.next(aws.topic("update/accepted"));
        assertThat(accepted.version()).isEqualTo(2);
        assertThat(accepted.clientToken()).isEqualTo("dev-1");

        app.request(twin.topic("get"), token("app-2"));
        Answer doc = app.next(twin.topic("get/accepted"));
        assertThat(doc.body().path("state")).isEqualTo(
                parse("{\"desired\":{\"mode\":\"eco\"},\"reported\":{\"mode\":\"eco\"}}"));
        assertThat(doc.version()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void aBurstOfUpdatesToSeveralShadowsIsAnsweredInRequestOrder(Protocol protocol) {
        // ten requests, the most one connection may have in flight: none is refused
        int n = 10;
        ShadowClient device = things.device(protocol, "valve-1");
        device.subscribed(Shadow.twin("valve-1").all());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shadow s = i % 3 == 0 ? Shadow.twin("valve-1") : Shadow.twin("valve-1").named("s" + i % 3);
            String t = "burst-" + i;
            sent.add(t);
            device.publishAsync(s.topic("update"), update("{\"step\":" + i + "}", null, t).getBytes(), 1);
        }
        assertAnsweredInOrder(device, sent, 3 * n);

        // an application's burst across many things (so across the service's shards)
        ShadowClient app = things.admin(protocol, "fleet-app");
        app.subscribed("$twin/things/+/shadow/#");
        sent.clear();
        for (int i = 0; i < n; i++) {
            things.register("pump-" + i);
        }
        for (int i = 0; i < n; i++) {
            String t = "fleet-" + i;
            sent.add(t);
            app.publishAsync(Shadow.twin("pump-" + i).topic("update"), update("{\"on\":true}", null, t).getBytes(), 1);
        }
        assertAnsweredInOrder(app, sent, 3 * n);
    }

    /** Accepted, documents and delta for each request, all in the order the requests were sent. */
    private static void assertAnsweredInOrder(ShadowClient c, List<String> sent, int expected) {
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < expected; i++) {
            answers.add(c.next());
        }
        List<String> kinds = new ArrayList<>();
        for (Answer a : answers) {
            kinds.add(a.clientToken() + " " + a.kind());
        }
        List<String> wanted = new ArrayList<>();
        for (String t : sent) {
            wanted.add(t + " update/accepted");
            wanted.add(t + " update/documents");
            wanted.add(t + " update/delta");
        }
        assertThat(kinds).containsExactlyElementsOf(wanted);
        assertThat(c.drain()).as("nothing more").isEmpty();
    }

    @Test
    void aPahoDeviceUsesItsShadowThroughTheAwsAlias() throws Exception {
        String token = things.register("paho-1");
        Shadow s = Shadow.aws("paho-1");
        try (PahoDevice device = new PahoDevice(node.tcpUri(), "paho-1", token)) {
            device.subscribe(s.all());
            device.publish(s.topic("update"), update("{\"fan\":2}", "{\"fan\":1}", "p-1"));
            Answer accepted = device.next();
            assertThat(accepted.topic()).isEqualTo(s.topic("update/accepted"));
            assertThat(accepted.version()).isEqualTo(1);
            assertThat(accepted.clientToken()).isEqualTo("p-1");
            assertThat(device.next().topic()).isEqualTo(s.topic("update/documents"));
            Answer delta = device.next();
            assertThat(delta.topic()).isEqualTo(s.topic("update/delta"));
            assertThat(delta.body().path("state")).isEqualTo(parse("{\"fan\":2}"));

            device.publish(s.topic("get"), "");
            Answer doc = device.next();
            assertThat(doc.topic()).isEqualTo(s.topic("get/accepted"));
            assertThat(doc.body().path("state")).isEqualTo(
                    parse("{\"desired\":{\"fan\":2},\"reported\":{\"fan\":1},\"delta\":{\"fan\":2}}"));
            assertThat(doc.version()).isEqualTo(1);
        }
    }
}
