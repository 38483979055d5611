package io.twinhub.it.shadow;

import io.twinhub.it.shadow.ShadowClient.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static io.twinhub.it.shadow.Json.assertRejection;
import static io.twinhub.it.shadow.Json.token;
import static io.twinhub.it.shadow.Json.update;
import static io.twinhub.it.shadow.ShadowClient.NOT_AUTHORIZED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A device reaches only its own shadows, and nobody can speak for the hub on an answer topic
 * (contract §1 and §3: denied like the presence topics).
 */
class ShadowIsolationTest extends ShadowNodeTest {

    private static final List<String> REQUESTS_INTO_B = List.of(
            "$twin/things/dev-b/shadow/update", "$twin/things/dev-b/shadow/get", "$twin/things/dev-b/shadow/delete",
            "$twin/things/dev-b/shadow/name/fw/update", "$aws/things/dev-b/shadow/update",
            "$aws/things/dev-b/shadow/name/fw/get");

    private static final List<String> ANSWER_TOPICS_OF_A = List.of(
            "$twin/things/dev-a/shadow/update/delta", "$twin/things/dev-a/shadow/update/accepted",
            "$twin/things/dev-a/shadow/update/documents", "$twin/things/dev-a/shadow/get/rejected",
            "$aws/things/dev-a/shadow/get/accepted", "$aws/things/dev-a/shadow/name/fw/update/delta");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Protocol.class)
    void aDeviceCannotSubscribeToAnotherDevicesShadowTopics(Protocol protocol) {
        things.register("dev-b");
        ShadowClient a = things.device(protocol, "dev-a");
        for (String filter : List.of("$twin/things/dev-b/shadow/#", "$aws/things/dev-b/shadow/update/delta",
                "$twin/things/+/shadow/update/delta", "$aws/things/+/shadow/#", "$aws/things/dev-b/shadow/get/+")) {
            assertThat(a.subscribe(filter)).as(filter).isFalse();
        }
        // what the AWS SDK subscribes to is allowed on the device's own prefix
        assertThat(a.subscribe("$aws/things/dev-a/shadow/get/+")).isTrue();
        assertThat(a.subscribe("$twin/things/dev-a/shadow/#")).isTrue();
    }

    @Test
    void mqtt5RequestsIntoAnotherDevicesShadowAreRefusedWith0x87() {
        ShadowClient b = things.device(Protocol.MQTT_5, "dev-b");
        b.subscribed("$twin/things/dev-b/shadow/#", "$aws/things/dev-b/shadow/#");
        ShadowClient a = things.device(Protocol.MQTT_5, "dev-a");
        a.subscribed("$twin/things/dev-a/#", "$aws/things/dev-a/#");

        for (String topic : REQUESTS_INTO_B) {
            assertThat(a.publish(topic, update("{\"hijacked\":true}", null, "from-a"), 1)).as(topic).isEqualTo(NOT_AUTHORIZED);
        }
        assertNothingChangedForB(a, b);
    }

    @Test
    void mqtt311RequestsIntoAnotherDevicesShadowAreDroppedUnanswered() {
        ShadowClient b = things.device(Protocol.MQTT_3_1_1, "dev-b");
        b.subscribed("$twin/things/dev-b/shadow/#", "$aws/things/dev-b/shadow/#");
        ShadowClient a = things.device(Protocol.MQTT_3_1_1, "dev-a");
        a.subscribed("$twin/things/dev-a/#", "$aws/things/dev-a/#");

        for (String topic : REQUESTS_INTO_B) {
            for (int qos = 0; qos <= 2; qos++) {
                a.publish(topic, update("{\"hijacked\":true}", null, "from-a"), qos);
            }
        }
        assertThat(a.isConnected()).isTrue();
        assertNothingChangedForB(a, b);
    }

    /** A's own next request is the first thing it hears of; B's shadow was never created. */
    private static void assertNothingChangedForB(ShadowClient a, ShadowClient b) {
        a.request("$twin/things/dev-a/shadow/get", token("own"));
        Answer own = a.next();
        assertThat(own.topic()).as("A heard nothing before its own answer").isEqualTo("$twin/things/dev-a/shadow/get/rejected");
        assertRejection(own, 404, "own");

        b.request("$twin/things/dev-b/shadow/get", token("b-own"));
        Answer bOwn = b.next();
        assertThat(bOwn.topic()).as("B heard nothing before its own answer").isEqualTo("$twin/things/dev-b/shadow/get/rejected");
        assertRejection(bOwn, 404, "b-own");
        b.request("$twin/things/dev-b/shadow/name/fw/get", token("b-fw"));
        assertThat(b.next().topic()).isEqualTo("$twin/things/dev-b/shadow/name/fw/get/rejected");
    }

    @Test
    void mqtt5NobodyMayPublishOnAnAnswerTopic() {
        ShadowClient a = things.device(Protocol.MQTT_5, "dev-a");
        a.subscribed("$twin/things/dev-a/shadow/#", "$aws/things/dev-a/shadow/#");
        ShadowClient admin = things.admin(Protocol.MQTT_5, "ops-console");
        for (String topic : ANSWER_TOPICS_OF_A) {
            assertThat(a.publish(topic, "{\"state\":{\"forged\":true},\"version\":99}", 1)).as(topic).isEqualTo(NOT_AUTHORIZED);
            assertThat(admin.publish(topic, "{\"state\":{\"forged\":true},\"version\":99}", 1))
                    .as("admin on " + topic).isEqualTo(NOT_AUTHORIZED);
        }
        a.request("$twin/things/dev-a/shadow/get", token("own"));
        assertThat(a.next().topic()).as("no forged answer arrived").isEqualTo("$twin/things/dev-a/shadow/get/rejected");
    }

    @Test
    void mqtt311AnswersPublishedByADeviceAreDropped() {
        ShadowClient a = things.device(Protocol.MQTT_3_1_1, "dev-a");
        a.subscribed("$twin/things/dev-a/shadow/#", "$aws/things/dev-a/shadow/#");
        for (String topic : ANSWER_TOPICS_OF_A) {
            a.publish(topic, "{\"state\":{\"forged\":true},\"version\":99}", 1);
        }
        a.request("$twin/things/dev-a/shadow/get", token("own"));
        assertThat(a.next().topic()).as("no forged answer arrived").isEqualTo("$twin/things/dev-a/shadow/get/rejected");
        assertThat(a.isConnected()).isTrue();
    }
}
