package io.twinhub.twin.model;

import static io.twinhub.twin.model.Shadows.sections;
import static io.twinhub.twin.model.Shadows.shadow;
import static io.twinhub.twin.model.Shadows.tree;
import static io.twinhub.twin.model.Shadows.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How an update's desired and reported parts change a shadow's state. */
class MergeTest {

    static Stream<Arguments> merges() {
        return Stream.of(
                row("a new key is added beside the others",
                        "{'desired':{'a':1}}", "{'desired':{'b':2}}", "{'desired':{'a':1,'b':2}}"),
                row("a scalar is replaced",
                        "{'desired':{'a':1}}", "{'desired':{'a':'on'}}", "{'desired':{'a':'on'}}"),
                row("nested objects merge key by key",
                        "{'desired':{'a':{'b':1,'c':2}}}", "{'desired':{'a':{'c':3,'d':{'e':4}}}}",
                        "{'desired':{'a':{'b':1,'c':3,'d':{'e':4}}}}"),
                row("a merge six levels down keeps its siblings",
                        "{'reported':{'a':{'b':{'c':{'d':{'e':{'f':1,'g':2}}}}}}}",
                        "{'reported':{'a':{'b':{'c':{'d':{'e':{'g':3}}}}}}}",
                        "{'reported':{'a':{'b':{'c':{'d':{'e':{'f':1,'g':3}}}}}}}"),
                row("null removes a key",
                        "{'desired':{'a':1,'b':2}}", "{'desired':{'a':null}}", "{'desired':{'b':2}}"),
                row("null removes a nested key and the parents it leaves empty",
                        "{'desired':{'a':{'b':{'c':1}},'x':1}}", "{'desired':{'a':{'b':{'c':null}}}}",
                        "{'desired':{'x':1}}"),
                row("a parent that keeps other keys stays",
                        "{'desired':{'a':{'b':{'c':1},'k':2}}}", "{'desired':{'a':{'b':{'c':null}}}}",
                        "{'desired':{'a':{'k':2}}}"),
                row("removing the last key removes the section",
                        "{'desired':{'a':1},'reported':{'r':1}}", "{'desired':{'a':null}}",
                        "{'reported':{'r':1}}"),
                row("removing a key that is not there changes nothing",
                        "{'desired':{'a':1}}", "{'desired':{'zz':null,'y':{'b':null}}}", "{'desired':{'a':1}}"),
                row("desired null clears desired and keeps reported",
                        "{'desired':{'a':1},'reported':{'a':2}}", "{'desired':null}", "{'reported':{'a':2}}"),
                row("reported null clears reported and keeps desired",
                        "{'desired':{'a':1},'reported':{'a':2}}", "{'reported':null}", "{'desired':{'a':1}}"),
                row("both sections change in one request",
                        "{'desired':{'a':1},'reported':{'a':2}}", "{'desired':{'b':1},'reported':{'a':null}}",
                        "{'desired':{'a':1,'b':1}}"),
                row("an array replaces an array whole",
                        "{'reported':{'a':[1,2,3]}}", "{'reported':{'a':[4]}}", "{'reported':{'a':[4]}}"),
                row("an empty array is a value",
                        "{'reported':{'a':[1]}}", "{'reported':{'a':[]}}", "{'reported':{'a':[]}}"),
                row("arrays of objects are kept as they are sent",
                        "{'reported':{}}", "{'reported':{'a':[{'b':1},[2,{}]]}}",
                        "{'reported':{'a':[{'b':1},[2,{}]]}}"),
                row("an object replaces a scalar",
                        "{'desired':{'a':1}}", "{'desired':{'a':{'b':2}}}", "{'desired':{'a':{'b':2}}}"),
                row("an object replaces an array",
                        "{'desired':{'a':[1]}}", "{'desired':{'a':{'b':2}}}", "{'desired':{'a':{'b':2}}}"),
                row("a scalar replaces an object",
                        "{'desired':{'a':{'b':2}}}", "{'desired':{'a':3}}", "{'desired':{'a':3}}"),
                row("an array replaces an object",
                        "{'desired':{'a':{'b':2}}}", "{'desired':{'a':[3]}}", "{'desired':{'a':[3]}}"),
                row("an empty object merges nothing into an object",
                        "{'desired':{'a':{'b':1}}}", "{'desired':{'a':{}}}", "{'desired':{'a':{'b':1}}}"),
                row("an empty object in place of a scalar leaves nothing",
                        "{'desired':{'a':1,'x':1}}", "{'desired':{'a':{}}}", "{'desired':{'x':1}}"),
                row("an empty object for a new key adds nothing",
                        "{'desired':{'x':1}}", "{'desired':{'n':{'m':{}}}}", "{'desired':{'x':1}}"),
                row("an empty desired adds nothing",
                        "{'desired':{'x':1}}", "{'desired':{}}", "{'desired':{'x':1}}"),
                row("an empty state changes nothing",
                        "{'desired':{'x':1}}", "{}", "{'desired':{'x':1}}"),
                row("numbers are kept as written",
                        "{'reported':{}}", "{'reported':{'i':1,'f':1.0,'big':123456789012345678901234567890}}",
                        "{'reported':{'i':1,'f':1.0,'big':123456789012345678901234567890}}"),
                row("null as a value inside an object member of desired still removes",
                        "{'desired':{'a':{'b':1,'c':2}}}", "{'desired':{'a':{'b':null,'c':null}}}",
                        "{}"));
    }

    private static Arguments row(String name, String before, String requestState, String after) {
        return Arguments.of(name, before, requestState, after);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void updatesMergeIntoTheState(String name, String before, String requestState, String after) {
        ShadowState first = shadow("{'state':" + before + "}");

        ShadowState next = update(first, "{'state':" + requestState + "}", Shadows.T0 + 1);

        assertThat(sections(next)).isEqualTo(tree(after));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void theStoredFormReadsBackToTheSameState(String name, String before, String requestState, String after) {
        ShadowState next = update(shadow("{'state':" + before + "}"), "{'state':" + requestState + "}",
                Shadows.T0 + 1);

        ShadowState read = ShadowState.fromBytes(next.toBytes());

        assertThat(Shadows.text(read.documentJson("t"))).isEqualTo(Shadows.text(next.documentJson("t")));
        assertThat(read.version()).isEqualTo(next.version());
        assertThat(read.exists()).isTrue();
    }

    @Test
    void anUpdateLeavesThePreviousStateAsItWas() {
        ShadowState first = shadow("{'state':{'desired':{'a':{'b':1}},'reported':{'r':[1]}}}");
        byte[] before = first.toBytes();

        update(first, "{'state':{'desired':{'a':{'b':null,'c':2}},'reported':{'r':null}}}", Shadows.T0 + 5);

        assertThat(first.toBytes()).isEqualTo(before);
        assertThat(sections(first)).isEqualTo(tree("{'desired':{'a':{'b':1}},'reported':{'r':[1]}}"));
    }
}
