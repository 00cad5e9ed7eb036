package dev.aiproxy.routing.config.edit;

import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigProblem;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * One YAML file as a node tree that keeps its comments, key order, quoting and flow style, for edits that write the
 * file back: {@link #text()} dumps the tree in block style. A comment written just above a list item comes back right
 * after the item's dash (snakeyaml's emitter keeps it there); every other comment stays on its line. Not thread-safe.
 */
public final class YamlDocument {
    private final String fileName;
    private MappingNode root;

    private YamlDocument(String fileName, MappingNode root) {
        this.fileName = fileName;
        this.root = root;
    }

    /**
     * Reads YAML text; an empty text is an empty mapping.
     *
     * @throws ConfigException when the text is not YAML, or its top is not a mapping, naming the line
     */
    public static YamlDocument parse(String text, String fileName) {
        Node node;
        try {
            node = yaml().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(List.of(new ConfigProblem(fileName, line, "", "not valid YAML: "
                    + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, 0, "", "not valid YAML: " + e.getMessage())));
        }
        if (node == null) {
            return new YamlDocument(fileName, emptyMapping());
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, line(node), "",
                    "expected a mapping (key: value lines) at the top")));
        }
        return new YamlDocument(fileName, mapping);
    }

    private static Yaml yaml() {
        LoaderOptions loading = new LoaderOptions();
        loading.setProcessComments(true);
        loading.setAllowDuplicateKeys(false);
        loading.setMaxAliasesForCollections(50);
        loading.setCodePointLimit(4 * 1024 * 1024);
        DumperOptions dumping = new DumperOptions();
        dumping.setProcessComments(true);
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndent(2);
        dumping.setIndicatorIndent(2);
        dumping.setIndentWithIndicator(true);
        dumping.setWidth(120);
        dumping.setSplitLines(false);
        return new Yaml(new SafeConstructor(loading), new Representer(dumping), dumping, loading);
    }

    public String fileName() {
        return fileName;
    }

    /** The top mapping. */
    public MappingNode root() {
        return root;
    }

    /** The tree written back as YAML, comments included. */
    public String text() {
        StringWriter out = new StringWriter();
        if (root.getValue().isEmpty() && noComments(root)) {
            return "";
        }
        yaml().serialize(root, out);
        return out.toString();
    }

    private static boolean noComments(Node node) {
        return (node.getBlockComments() == null || node.getBlockComments().isEmpty())
                && (node.getEndComments() == null || node.getEndComments().isEmpty());
    }

    /** The value of a key in a mapping, or null. */
    public static Node get(MappingNode mapping, String key) {
        for (NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /**
     * Sets a key's value: in place when the key exists (its comments stay), else appended at the end of the mapping.
     */
    public static void put(MappingNode mapping, String key, Node value) {
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                Node old = tuples.get(i).getValueNode();
                value.setInLineComments(old.getInLineComments());
                tuples.set(i, new NodeTuple(k, value));
                mapping.setValue(tuples);
                return;
            }
        }
        tuples.add(new NodeTuple(scalar(key), value));
        mapping.setValue(tuples);
    }

    /** Removes a key and its value; whether it was there. */
    public static boolean remove(MappingNode mapping, String key) {
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        boolean removed = tuples.removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
        mapping.setValue(tuples);
        return removed;
    }

    /** The mapping under a key of the top mapping, made (empty, at the end) when absent. */
    public MappingNode section(String key) {
        Node node = get(root, key);
        if (node instanceof MappingNode m) {
            return m;
        }
        if (node != null && !isNull(node)) {
            throw new IllegalStateException(fileName + ":" + line(node) + ": " + key + ": expected a mapping");
        }
        MappingNode m = emptyMapping();
        put(root, key, m);
        return m;
    }

    /** The list under a key of a mapping, made (empty) when absent. */
    public static SequenceNode list(MappingNode mapping, String key, String fileName) {
        Node node = get(mapping, key);
        if (node instanceof SequenceNode s) {
            return s;
        }
        if (node != null && !isNull(node)) {
            throw new IllegalStateException(fileName + ":" + line(node) + ": " + key + ": expected a list");
        }
        SequenceNode s = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
        put(mapping, key, s);
        return s;
    }

    /** A plain string value; quoted when YAML would read it as something else (a number, true, null). */
    public static ScalarNode scalar(String value) {
        DumperOptions.ScalarStyle style = plainIsString(value) ? DumperOptions.ScalarStyle.PLAIN
                : DumperOptions.ScalarStyle.DOUBLE_QUOTED;
        return new ScalarNode(Tag.STR, value, null, null, style);
    }

    /** A number, written plain. */
    public static ScalarNode number(Number value) {
        String text = value instanceof java.math.BigDecimal d ? d.toPlainString() : String.valueOf(value);
        // the tag YAML reads the text as, so that it is written without an explicit one ("3" is an int, "2.5" a float)
        Tag tag = new org.yaml.snakeyaml.resolver.Resolver().resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, text,
                true);
        return new ScalarNode(tag, text, null, null, DumperOptions.ScalarStyle.PLAIN);
    }

    /** A block list of strings. */
    public static SequenceNode strings(List<String> values) {
        List<Node> items = new ArrayList<>();
        values.forEach(v -> items.add(scalar(v)));
        return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
    }

    /** A new, empty block mapping. */
    public static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    /** The tree of a plain value (maps, lists, strings, numbers, booleans, null), as Jackson or snakeyaml make them. */
    public static Node of(Object value) {
        return switch (value) {
            case null -> new ScalarNode(Tag.NULL, "null", null, null, DumperOptions.ScalarStyle.PLAIN);
            case Map<?, ?> map -> {
                MappingNode m = emptyMapping();
                List<NodeTuple> tuples = new ArrayList<>();
                map.forEach((k, v) -> tuples.add(new NodeTuple(scalar(String.valueOf(k)), of(v))));
                m.setValue(tuples);
                yield m;
            }
            case List<?> list -> {
                List<Node> items = new ArrayList<>();
                list.forEach(v -> items.add(of(v)));
                yield new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
            }
            case Boolean b -> new ScalarNode(Tag.BOOL, b.toString(), null, null, DumperOptions.ScalarStyle.PLAIN);
            case Number n -> number(n);
            default -> scalar(String.valueOf(value));
        };
    }

    /** A value of this tree as plain Java values (maps, lists, strings, numbers), {@code ${VAR}} as written. */
    public static Object plain(Node node) {
        StringWriter out = new StringWriter();
        yaml().serialize(node, out);
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(out.toString());
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty()
                && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN);
    }

    public static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private static boolean plainIsString(String value) {
        if (value.isEmpty() || !value.strip().equals(value)) {
            return false;
        }
        Object read;
        try {
            read = new Yaml(new SafeConstructor(new LoaderOptions())).load(value);
        } catch (RuntimeException e) {
            return false;
        }
        return value.equals(read);
    }
}
