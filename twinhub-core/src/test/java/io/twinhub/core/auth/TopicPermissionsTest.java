package io.twinhub.core.auth;

import io.twinhub.core.topic.TopicRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TopicPermissionsTest {

    private static TopicPermissions rules(String... filters) {
        return TopicPermissions.compile(new AccessRules(List.of(filters), List.of(filters), List.of()), Map.of());
    }

    @ParameterizedTest(name = "rule {0} publish {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "a/b       | a/b       | true",
            "a/b       | a/b/c     | false",
            "a/b       | a         | false",
            "a/+       | a/b       | true",
            "a/+       | a/        | true",
            "a/+       | a/b/c     | false",
            "a/+       | a         | false",
            "a/#       | a         | true",
            "a/#       | a/b/c     | true",
            "a/#       | ab        | false",
            "#         | x/y       | true",
            "#         | $twin/x   | false",
            "+/x       | $sys/x    | false",
            "$twin/#   | $twin/x   | true",
            "+/+/c     | a/b/c     | true",
            "a//b      | a//b      | true",
            "a/+/b     | a//b      | true",
            "ab        | a         | false",
    })
    void publishFollowsMqttMatching(String rule, String topic, boolean allowed) {
        assertThat(rules(rule).mayPublish(topic)).isEqualTo(allowed);
        // the reference matcher of the subscription trie agrees
        assertThat(TopicRules.matches(rule, topic)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "rule {0} subscribe {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "a/b       | a/b              | true",
            "a/b       | a/+              | false",
            "a/b       | a/#              | false",
            "a/+       | a/b              | true",
            "a/+       | a/+              | true",
            "a/+       | a/#              | false",
            "a/+       | a/+/c            | false",
            "a/+       | a                | false",
            "a/#       | a                | true",
            "a/#       | a/#              | true",
            "a/#       | a/+/+/#          | true",
            "a/#       | #                | false",
            "a/#       | +/b              | false",
            "a/+/#     | a/#              | false",
            "a/+/#     | a/b/#            | true",
            "a/+/#     | a/b              | true",
            "a/+/#     | a                | false",
            "#         | #                | true",
            "#         | +/x/#            | true",
            "#         | $twin/x          | false",
            "#         | $share/g/#       | true",
            "+/#       | +                | true",
            "+         | +                | true",
            "+         | #                | false",
            "+         | $x               | false",
            "$twin/#   | +/x              | false",
            "$twin/#   | $twin/+/x        | true",
            "a/b       | $share/g/a/b     | true",
            "a/b       | $share/g/a/+     | false",
            "a/b       | $share/g         | false",
            "a/b       | $share//a/b      | false",
    })
    void subscribeIsAllowedOnlyWhenTheRuleContainsTheWholeFilter(String rule, String filter, boolean allowed) {
        assertThat(rules(rule).maySubscribe(filter)).isEqualTo(allowed);
    }

    @Test
    void aDeviceIsConfinedToItsOwnThing() {
        TopicPermissions p = TopicPermissions.forDevice("dev-1");
        assertThat(p.mayPublish("$twin/things/dev-1/shadow/update")).isTrue();
        assertThat(p.mayPublish("$aws/things/dev-1/shadow/update")).isTrue();
        assertThat(p.mayPublish("$twin/things/dev-1")).isTrue();  // the bare thing level, per MQTT '#'
        assertThat(p.mayPublish("$twin/things/dev-2/shadow/update")).isFalse();
        assertThat(p.mayPublish("$twin/things/dev-10/telemetry")).isFalse();
        assertThat(p.mayPublish("$twin/things/dev-1x")).isFalse();
        assertThat(p.mayPublish("plain/topic")).isFalse();
        assertThat(p.maySubscribe("$twin/things/dev-1/#")).isTrue();
        assertThat(p.maySubscribe("$twin/things/dev-1/shadow/+/accepted")).isTrue();
        assertThat(p.maySubscribe("$twin/things/+/shadow/update")).isFalse();
        assertThat(p.maySubscribe("$twin/things/#")).isFalse();
        assertThat(p.maySubscribe("#")).isFalse();
        assertThat(p.mayAccessThing("dev-1")).isTrue();
        assertThat(p.mayAccessThing("dev-2")).isFalse();
    }

    @Test
    void placeholdersAreFilledPerPrincipal() {
        AccessRules r = new AccessRules(List.of("apps/{username}/{clientId}/#"), List.of("things/{id}/+"), List.of("{id}"));
        TopicPermissions p = TopicPermissions.compile(r, Map.of("id", "app", "clientId", "c1", "username", "u"));
        assertThat(p.mayPublish("apps/u/c1/x")).isTrue();
        assertThat(p.mayPublish("apps/u/c2/x")).isFalse();
        assertThat(p.maySubscribe("things/app/+")).isTrue();
        assertThat(p.mayAccessThing("app")).isTrue();
    }

    @Test
    void aPlaceholderValueThatWouldWidenTheRuleGrantsNothing() {
        AccessRules r = new AccessRules(List.of("clients/{clientId}/#", "always"), List.of("clients/{clientId}/#"), List.of());
        for (String evil : new String[] {"#", "+", "a/b", "x*"}) {
            TopicPermissions p = TopicPermissions.compile(r, Map.of("clientId", evil));
            assertThat(p.mayPublish("clients/a/b")).as(evil).isFalse();
            assertThat(p.maySubscribe("clients/#")).as(evil).isFalse();
            assertThat(p.mayPublish("always")).isTrue();
        }
        Map<String, String> none = new HashMap<>();
        none.put("clientId", null);
        assertThat(TopicPermissions.compile(r, none).mayPublish("clients/x")).isFalse();
    }

    @Test
    void thingPatterns() {
        AccessRules r = new AccessRules(List.of(), List.of(), List.of("sensor-*", "pump-7", "bad*pattern"));
        TopicPermissions p = TopicPermissions.compile(r, Map.of());
        assertThat(p.mayAccessThing("sensor-1")).isTrue();
        assertThat(p.mayAccessThing("pump-7")).isTrue();
        assertThat(p.mayAccessThing("pump-70")).isFalse();
        assertThat(p.mayAccessThing("badXpattern")).isFalse();
        assertThat(TopicPermissions.compile(new AccessRules(List.of(), List.of(), List.of("*")), Map.of())
                .mayAccessThing("anything")).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"a/#, true", "#, true", "{id}/+, true", "a/#/b, false", "a+, false", "$share/g/a, false",
            "{other}/x, false", "'', false", "a/b#, false"})
    void ruleSyntax(String rule, boolean valid) {
        assertThat(TopicPermissions.isValidRule(rule)).isEqualTo(valid);
    }
}
