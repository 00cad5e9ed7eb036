package dev.aiproxy.routing.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.routing.config.PayloadPath;
import dev.aiproxy.routing.config.internal.JsonValues;
import org.junit.jupiter.api.Test;

class JsonTreePathsTest {
    private static ObjectNode tree(String json) {
        return (ObjectNode) JsonValues.parse(json);
    }

    private static PayloadPath path(String text) {
        return PayloadPath.parse(text);
    }

    private static JsonNode json(String text) {
        return JsonValues.parse(text);
    }

    @Test
    void createsTheObjectsAPathNeedsWhenSettingIt() {
        ObjectNode root = tree("{\"model\":\"m\"}");

        boolean changed = JsonTreePaths.set(root, path("generationConfig.thinkingConfig.thinkingBudget"),
                json("32768"));

        assertThat(changed).isTrue();
        assertThat(root).hasToString(
                "{\"model\":\"m\",\"generationConfig\":{\"thinkingConfig\":{\"thinkingBudget\":32768}}}");
    }

    @Test
    void setsAnArrayElementByIndexAndLeavesItsSiblingsAlone() {
        ObjectNode root = tree("{\"messages\":[{\"role\":\"system\",\"content\":\"a\"},{\"role\":\"user\"}]}");

        JsonTreePaths.set(root, path("messages.0.content"), json("\"b\""));

        assertThat(root).hasToString("{\"messages\":[{\"role\":\"system\",\"content\":\"b\"},{\"role\":\"user\"}]}");
    }

    @Test
    void createsAnArrayWhenTheNextKeyIsAnIndexAndPadsItWithNulls() {
        ObjectNode root = tree("{}");

        JsonTreePaths.set(root, path("stop.1"), json("\"END\""));

        assertThat(root).hasToString("{\"stop\":[null,\"END\"]}");
    }

    @Test
    void treatsAWholeNumberAsAKeyOnAnExistingObject() {
        ObjectNode root = tree("{\"scores\":{\"7\":1}}");

        JsonTreePaths.set(root, path("scores.7"), json("2"));

        assertThat(root).hasToString("{\"scores\":{\"7\":2}}");
        assertThat(JsonTreePaths.get(root, path("scores.7"))).isEqualTo(json("2"));
    }

    @Test
    void replacesAScalarThatIsInTheWayOfAPath() {
        ObjectNode root = tree("{\"metadata\":\"text\"}");

        JsonTreePaths.set(root, path("metadata.client"), json("\"gw\""));

        assertThat(root).hasToString("{\"metadata\":{\"client\":\"gw\"}}");
    }

    @Test
    void reportsNoChangeWhenThePathAlreadyHoldsTheValue() {
        ObjectNode root = tree("{\"a\":{\"b\":[1,2]}}");

        boolean changed = JsonTreePaths.set(root, path("a.b"), json("[1,2]"));

        assertThat(changed).isFalse();
    }

    @Test
    void doesNotSetANamedKeyInsideAnArray() {
        ObjectNode root = tree("{\"messages\":[{}]}");

        boolean changed = JsonTreePaths.set(root, path("messages.role"), json("\"user\""));

        assertThat(changed).isFalse();
        assertThat(root).hasToString("{\"messages\":[{}]}");
    }

    @Test
    void setsACopySoThatLaterChangesToTheTreeLeaveTheValueAlone() {
        JsonNode value = json("{\"type\":\"object\"}");
        ObjectNode root = tree("{}");

        JsonTreePaths.set(root, path("schema"), value);
        JsonTreePaths.set(root, path("schema.strict"), json("true"));

        assertThat(value).hasToString("{\"type\":\"object\"}");
    }

    @Test
    void removesAKeyOfAnObject() {
        ObjectNode root = tree("{\"a\":{\"b\":1,\"c\":2}}");

        boolean removed = JsonTreePaths.remove(root, path("a.b"));

        assertThat(removed).isTrue();
        assertThat(root).hasToString("{\"a\":{\"c\":2}}");
    }

    @Test
    void removesAnArrayElementByIndex() {
        ObjectNode root = tree("{\"tools\":[\"x\",\"y\",\"z\"]}");

        JsonTreePaths.remove(root, path("tools.1"));

        assertThat(root).hasToString("{\"tools\":[\"x\",\"z\"]}");
    }

    @Test
    void reportsNothingRemovedWhenThePathIsMissing() {
        ObjectNode root = tree("{\"a\":[1]}");

        assertThat(JsonTreePaths.remove(root, path("a.5"))).isFalse();
        assertThat(JsonTreePaths.remove(root, path("b.c"))).isFalse();
        assertThat(root).hasToString("{\"a\":[1]}");
    }

    @Test
    void readsThroughObjectsAndArraysAndTellsANullFromAMissingValue() {
        ObjectNode root = tree("{\"a\":[{\"b\":null}]}");

        assertThat(JsonTreePaths.get(root, path("a.0.b")).isNull()).isTrue();
        assertThat(JsonTreePaths.get(root, path("a.0.c"))).isNull();
        assertThat(JsonTreePaths.get(root, path("a.1"))).isNull();
        assertThat(JsonTreePaths.get(root, path("a.b"))).isNull();
    }
}
