package io.twinhub.core.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParsedFilterTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                Arguments.of("a/b", null, "a/b"),
                Arguments.of("#", null, "#"),
                Arguments.of("$SYS/#", null, "$SYS/#"),
                Arguments.of("$share", null, "$share"),          // no "$share/" prefix: ordinary filter
                Arguments.of("$shared/g/a", null, "$shared/g/a"),
                Arguments.of("$share/g/a/b", "g", "a/b"),
                Arguments.of("$share/group1/#", "group1", "#"),
                Arguments.of("$share/g/+", "g", "+"),
                Arguments.of("$share/g//a", "g", "/a"),           // filter part may start with an empty level
                Arguments.of("$share/g/$SYS/x", "g", "$SYS/x"));
    }

    @ParameterizedTest(name = "\"{0}\" -> ({1}, {2})")
    @MethodSource("wellFormed")
    void splitsShareGroup(String raw, String group, String filter) {
        assertThat(ParsedFilter.parse(raw)).isEqualTo(new ParsedFilter(group, filter));
    }

    @ParameterizedTest(name = "\"{0}\" is malformed")
    @ValueSource(strings = {"$share/", "$share/g", "$share/g/", "$share//a", "$share/+/a", "$share/#/a",
            "$share/g+/a", "$share/a#/b"})
    void rejectsMalformedShareForms(String raw) {
        assertThat(ParsedFilter.parse(raw)).isNull();
    }
}
