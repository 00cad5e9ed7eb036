package dev.aiproxy.routing.internal.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.routing.config.PayloadPath;
import java.util.List;

/**
 * Reads, sets and removes {@link PayloadPath}s in a Jackson tree, the way sjson does: a whole-number key selects an
 * array element and names a key on an object; setting creates what is missing (an array when the next key is a whole
 * number, else an object), replaces a scalar that is in the way, and pads an array with nulls up to the index.
 * Stateless.
 */
final class JsonTreePaths {
    private JsonTreePaths() {
    }

    /** The value at a path, or null when the path leads nowhere; a JSON null is returned as a {@code NullNode}. */
    static JsonNode get(JsonNode root, PayloadPath path) {
        JsonNode node = root;
        for (String key : path.keys()) {
            node = child(node, key);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /**
     * Sets a path to a copy of a value.
     *
     * @return whether the tree changed: false when the path already held an equal value, or when it runs through an
     *     array with a key that is not an index
     */
    static boolean set(ObjectNode root, PayloadPath path, JsonNode value) {
        List<String> keys = path.keys();
        ContainerNode<?> container = root;
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            boolean last = i == keys.size() - 1;
            JsonNode existing = child(container, key);
            if (last) {
                if (value.equals(existing)) {
                    return false;
                }
                return put(container, key, value.deepCopy());
            }
            if (existing instanceof ContainerNode<?> next) {
                container = next;
                continue;
            }
            ContainerNode<?> created = PayloadPath.indexOf(keys.get(i + 1)) >= 0 ? root.arrayNode()
                    : root.objectNode();
            if (!put(container, key, created)) {
                return false;
            }
            container = created;
        }
        throw new IllegalStateException("unreachable: a path has at least one key");
    }

    /** Removes a path; returns whether it was there. */
    static boolean remove(ObjectNode root, PayloadPath path) {
        List<String> keys = path.keys();
        JsonNode parent = root;
        for (String key : keys.subList(0, keys.size() - 1)) {
            parent = child(parent, key);
            if (parent == null) {
                return false;
            }
        }
        String key = keys.getLast();
        if (parent instanceof ObjectNode object) {
            return object.remove(key) != null;
        }
        int index = PayloadPath.indexOf(key);
        if (parent instanceof ArrayNode array && index >= 0 && index < array.size()) {
            array.remove(index);
            return true;
        }
        return false;
    }

    private static JsonNode child(JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            return object.get(key);
        }
        int index = PayloadPath.indexOf(key);
        return node instanceof ArrayNode array && index >= 0 ? array.get(index) : null;
    }

    private static boolean put(ContainerNode<?> container, String key, JsonNode value) {
        if (container instanceof ObjectNode object) {
            object.set(key, value);
            return true;
        }
        ArrayNode array = (ArrayNode) container;
        int index = PayloadPath.indexOf(key);
        if (index < 0) {
            return false;
        }
        while (array.size() < index) {
            array.addNull();
        }
        if (index < array.size()) {
            array.set(index, value);
        } else {
            array.add(value);
        }
        return true;
    }
}
