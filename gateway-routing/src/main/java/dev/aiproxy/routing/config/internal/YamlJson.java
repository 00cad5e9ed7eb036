package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a YAML value into JSON: numbers, booleans and null stay typed ({@code 32768} is a number, {@code "32768"} a
 * string), lists become arrays and mappings objects. {@code ${VAR}} is expanded first, and an expanded plain value is
 * typed by what it expanded to. Problems go to the {@link YamlNodes}. Not thread-safe; one per load.
 */
final class YamlJson {
    private static final JsonNodeFactory JSON = JsonValues.MAPPER.getNodeFactory();

    private final YamlNodes yaml;
    private final Resolver resolver = new Resolver();
    private final ScalarValues scalars = new ScalarValues();

    YamlJson(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The JSON text of a YAML value, or null after recording a problem. */
    String text(Node node, String path) {
        JsonNode json = json(node, path);
        return json == null ? null : JsonValues.write(json);
    }

    private JsonNode json(Node node, String path) {
        return switch (node) {
            case MappingNode mapping -> object(mapping, path);
            case SequenceNode sequence -> array(sequence, path);
            case ScalarNode scalar -> scalar(scalar, path);
            default -> {
                yaml.problem(node, path, "expected a value");
                yield null;
            }
        };
    }

    private ObjectNode object(MappingNode mapping, String path) {
        ObjectNode out = JSON.objectNode();
        boolean ok = true;
        for (NodeTuple tuple : mapping.getValue()) {
            String key = yaml.string(tuple.getKeyNode(), path);
            JsonNode value = key == null ? null : json(tuple.getValueNode(), join(path, key));
            if (value == null) {
                ok = false;
            } else {
                out.set(key, value);
            }
        }
        return ok ? out : null;
    }

    private ArrayNode array(SequenceNode sequence, String path) {
        ArrayNode out = JSON.arrayNode();
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            JsonNode value = json(items.get(i), index(path, i));
            if (value == null) {
                return null;
            }
            out.add(value);
        }
        return out;
    }

    private JsonNode scalar(ScalarNode scalar, String path) {
        Tag tag = scalar.getTag();
        String text;
        if (Tag.NULL.equals(tag)) {
            text = scalar.getValue();
        } else {
            text = yaml.string(scalar, path);
            if (text == null) {
                return null;
            }
        }
        if (!text.equals(scalar.getValue()) && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
            // ${MAX_TOKENS} expanded to 4096 is the number 4096, as if it had been written in place
            tag = resolver.resolve(NodeId.scalar, text, true);
        }
        if (!(Tag.INT.equals(tag) || Tag.FLOAT.equals(tag) || Tag.BOOL.equals(tag) || Tag.NULL.equals(tag))) {
            return JSON.textNode(text);
        }
        Object value = scalars.construct(new ScalarNode(tag, text, null, null, DumperOptions.ScalarStyle.PLAIN));
        return switch (value) {
            case null -> JSON.nullNode();
            case Boolean b -> JSON.booleanNode(b);
            case Integer i -> JSON.numberNode(i);
            case Long l -> JSON.numberNode(l);
            case BigInteger big -> JSON.numberNode(big);
            case Double d when d.isNaN() || d.isInfinite() -> {
                yaml.problem(scalar, path, "JSON has no NaN or infinity, got " + text);
                yield null;
            }
            case Double d -> decimal(text, d);
            default -> JSON.textNode(text);
        };
    }

    /** The number as written when Java can read it so ({@code 0.10} stays {@code 0.10}), else the double. */
    private static JsonNode decimal(String text, double value) {
        try {
            return JSON.numberNode(new BigDecimal(text.replace("_", "")));
        } catch (NumberFormatException e) {
            // a YAML 1.1 sexagesimal such as 1:30.5 is no Java decimal
            return JSON.numberNode(value);
        }
    }

    /** snakeyaml's own reading of YAML 1.1 numbers ({@code 0x1F}, {@code 1_000}, {@code 017}) and booleans. */
    private static final class ScalarValues extends SafeConstructor {
        ScalarValues() {
            super(new LoaderOptions());
        }

        Object construct(Node node) {
            return constructObject(node);
        }
    }
}
