package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicRulesTest {

    private final TopicRules rules = new TopicRules(65535, 128);

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("a", true),
                Arguments.of("sport/tennis/player1", true),
                Arguments.of("/", true),            // two empty levels are legal
                Arguments.of("/finance", true),
                Arguments.of("a//b", true),
                Arguments.of("$SYS/broker/load", true),
                Arguments.of(" ", true),
                Arguments.of("caf\u00e9/\u20ac/\uD83D\uDE00", true),
                Arguments.of("", false),
                Arguments.of("a/+", false),
                Arguments.of("a/#", false),
                Arguments.of("a+b", false),
                Arguments.of("a#", false),
                Arguments.of("a\u0000b", false),
                Arguments.of("lone\uD83D", false), // unpaired surrogate has no UTF-8 form
                Arguments.of("lone\uDE00x", false));
    }

    @ParameterizedTest(name = "name \"{0}\" valid={1}")
    @MethodSource("names")
    void validatesTopicNames(String topic, boolean valid) {
        assertThat(rules.isValidName(topic)).isEqualTo(valid);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("#", true),
                Arguments.of("+", true),
                Arguments.of("sport/#", true),
                Arguments.of("sport/tennis/#", true),
                Arguments.of("+/tennis/#", true),
                Arguments.of("sport/+/player1", true),
                Arguments.of("+/+", true),
                Arguments.of("/+", true),
                Arguments.of("+/", true),
                Arguments.of("/", true),
                Arguments.of("$SYS/#", true),
                Arguments.of("a/b", true),
                Arguments.of("", false),
                Arguments.of("sport/tennis#", false),
                Arguments.of("sport/tennis/#/ranking", false),
                Arguments.of("#/a", false),
                Arguments.of("##", false),
                Arguments.of("sport+", false),
                Arguments.of("+sport", false),
                Arguments.of("a/++/b", false),
                Arguments.of("a/b+/c", false),
                Arguments.of("a/\u0000", false));
    }

    @ParameterizedTest(name = "filter \"{0}\" valid={1}")
    @MethodSource("filters")
    void validatesTopicFilters(String filter, boolean valid) {
        assertThat(rules.isValidFilter(filter)).isEqualTo(valid);
    }

    @Test
    void lengthLimitCountsUtf8BytesNotChars() {
        TopicRules small = new TopicRules(4, 10);
        assertThat(small.isValidName("abcd")).isTrue();
        assertThat(small.isValidName("abcde")).isFalse();
        assertThat(small.isValidName("\u00e9\u00e9")).isTrue();    // 2 x 2 bytes
        assertThat(small.isValidName("\u00e9\u00e9a")).isFalse();  // 5 bytes
        assertThat(small.isValidName("\u20aca")).isTrue();         // 3 + 1 bytes
        assertThat(small.isValidName("\uD83D\uDE00")).isTrue();    // 4 bytes
        assertThat(small.isValidName("\uD83D\uDE00a")).isFalse();
        assertThat(small.isValidFilter("a/#")).isTrue();
        assertThat(small.isValidFilter("ab/#")).isTrue();
        assertThat(small.isValidFilter("abc/#")).isFalse();
    }

    @Test
    void levelLimitCountsEmptyLevels() {
        TopicRules three = new TopicRules(100, 3);
        assertThat(three.isValidName("a/b/c")).isTrue();
        assertThat(three.isValidName("a/b/c/d")).isFalse();
        assertThat(three.isValidName("//")).isTrue();
        assertThat(three.isValidName("///")).isFalse();
        assertThat(three.isValidFilter("+/+/#")).isTrue();
        assertThat(three.isValidFilter("+/+/+/#")).isFalse();
    }

    @Test
    void rejectsNonPositiveLimits() {
        assertThatThrownBy(() -> new TopicRules(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicRules(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Shared with the trie tests: the MQTT 5 spec examples plus edge cases. */
    static Stream<Arguments> matchCases() {
        return Stream.of(
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/ranking", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player1/score/wimbledon", true),
                Arguments.of("sport/tennis/player1/#", "sport/tennis/player2", false),
                Arguments.of("sport/#", "sport", true),
                Arguments.of("sport/#", "sports", false),
                Arguments.of("#", "sport/tennis", true),
                Arguments.of("#", "/", true),
                Arguments.of("sport/tennis/+", "sport/tennis/player1", true),
                Arguments.of("sport/tennis/+", "sport/tennis/player1/tournament", false),
                Arguments.of("sport/tennis/+", "sport/tennis", false),
                Arguments.of("sport/tennis/+", "sport/tennis/", true),
                Arguments.of("sport/+", "sport", false),
                Arguments.of("sport/+", "sport/", true),
                Arguments.of("+/+", "/finance", true),
                Arguments.of("/+", "/finance", true),
                Arguments.of("+", "/finance", false),
                Arguments.of("+", "finance", true),
                Arguments.of("+/#", "a", true),
                Arguments.of("a/b", "a/b", true),
                Arguments.of("a/b", "a/bc", false),
                Arguments.of("a/b", "a/b/c", false),
                Arguments.of("a/b/c", "a/b", false),
                Arguments.of("a//b", "a//b", true),
                Arguments.of("a/+/b", "a//b", true),
                Arguments.of("#", "$SYS/x", false),
                Arguments.of("+/x", "$SYS/x", false),
                Arguments.of("+", "$SYS", false),
                Arguments.of("$SYS/#", "$SYS/x", true),
                Arguments.of("$SYS/#", "$SYS", true),
                Arguments.of("$SYS/+", "$SYS/x", true),
                Arguments.of("a/$x", "a/$x", true),
                Arguments.of("a/+", "a/$x", true),   // the '$' rule is about the first level only
                Arguments.of("a/#", "a/$x", true));
    }

    @ParameterizedTest(name = "\"{0}\" ~ \"{1}\" = {2}")
    @MethodSource("matchCases")
    void referenceMatcher(String filter, String topic, boolean expected) {
        assertThat(TopicRules.matches(filter, topic)).isEqualTo(expected);
    }
}
