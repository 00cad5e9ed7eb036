package dev.aiproxy.routing.config.edit;

import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The secrets of a config file's text: provider keys ({@code api-key}, {@code api-keys}), client keys and their
 * hashes ({@code key}, {@code key-hash}), the management {@code secret-key}, credential headers and a usage store URL
 * with a password. {@link #redact} shows the text with each replaced by {@value #PLACEHOLDER}; {@link #restore} puts
 * the file's values back where an edited text still has the placeholder, so a file read, edited and written back
 * keeps its secrets. A value that holds a {@code ${VAR}} reference is not a secret (the secret is in the environment)
 * and stays visible. Both work on the text itself, so everything else stays byte for byte. Stateless.
 */
public final class SecretValues {
    /** What a secret reads as in a redacted text. */
    public static final String PLACEHOLDER = "<redacted>";

    private static final Set<String> SECRET_KEYS = Set.of("api-key", "secret-key", "key", "key-hash");
    private static final Set<String> SECRET_LISTS = Set.of("api-keys");
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "x-goog-api-key", "api-key", "cookie");

    private SecretValues() {
    }

    /** One secret scalar: its key path, its span in the text (UTF-16 offsets) and its value. */
    private record Secret(String path, int start, int end, String value) {
    }

    /**
     * The text with every secret replaced by {@value #PLACEHOLDER}.
     *
     * @throws ConfigException when the text is not YAML
     */
    public static String redact(String text, String fileName) {
        StringBuilder out = new StringBuilder(text);
        List<Secret> secrets = secrets(text, fileName);
        for (int i = secrets.size() - 1; i >= 0; i--) {
            Secret s = secrets.get(i);
            out.replace(s.start(), s.end(), "\"" + PLACEHOLDER + "\"");
        }
        return out.toString();
    }

    /**
     * The edited text with each {@value #PLACEHOLDER} replaced by the secret at the same key path in the current
     * text, written as it is written there.
     *
     * @throws ConfigException naming the key path of a placeholder that has no secret to stand for
     */
    public static String restore(String edited, String current, String fileName) {
        Map<String, String> originals = new LinkedHashMap<>();
        for (Secret s : secrets(current, fileName)) {
            originals.put(s.path(), current.substring(s.start(), s.end()));
        }
        List<Secret> placeholders = secrets(edited, fileName).stream().filter(s -> s.value().equals(PLACEHOLDER))
                .toList();
        List<ConfigProblem> problems = new ArrayList<>();
        StringBuilder out = new StringBuilder(edited);
        for (int i = placeholders.size() - 1; i >= 0; i--) {
            Secret s = placeholders.get(i);
            String original = originals.get(s.path());
            if (original == null) {
                problems.add(new ConfigProblem(fileName, line(edited, s.start()), s.path(), "\"" + PLACEHOLDER
                        + "\" stands for the secret at this key in the current file, and there is none there: "
                        + "write the value itself"));
            } else {
                out.replace(s.start(), s.end(), original);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.reversed());
        }
        return out.toString();
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }

    private static List<Secret> secrets(String text, String fileName) {
        List<Secret> out = new ArrayList<>();
        walk(YamlDocument.parse(text, fileName).root(), "", text, out);
        out.sort(java.util.Comparator.comparingInt(Secret::start));
        return out;
    }

    private static void walk(Node node, String path, String text, List<Secret> out) {
        if (node instanceof SequenceNode s) {
            for (int i = 0; i < s.getValue().size(); i++) {
                walk(s.getValue().get(i), path + "[" + i + "]", text, out);
            }
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k)) {
                    continue;
                }
                String key = k.getValue();
                String child = YamlDocument.isNull(k) ? path : (path.isEmpty() ? key : path + "." + key);
                Node value = t.getValueNode();
                if (SECRET_KEYS.contains(key) || path.endsWith("headers")
                        && SECRET_HEADERS.contains(key.toLowerCase(Locale.ROOT))
                        || path.equals("usage") && key.equals("store") && value instanceof ScalarNode v
                        && v.getValue().contains("@")) {
                    add(value, child, text, out);
                } else if (SECRET_LISTS.contains(key) && value instanceof SequenceNode list) {
                    for (int i = 0; i < list.getValue().size(); i++) {
                        add(list.getValue().get(i), child + "[" + i + "]", text, out);
                    }
                } else {
                    walk(value, child, text, out);
                }
            }
        }
    }

    private static void add(Node node, String path, String text, List<Secret> out) {
        if (!(node instanceof ScalarNode scalar) || YamlDocument.isNull(scalar) || scalar.getValue().contains("${")
                || scalar.getStartMark() == null || scalar.getEndMark() == null) {
            return;
        }
        // snakeyaml's marks count code points; the text is indexed in UTF-16 units
        int start = text.offsetByCodePoints(0, scalar.getStartMark().getIndex());
        int end = text.offsetByCodePoints(0, scalar.getEndMark().getIndex());
        out.add(new Secret(path, start, end, scalar.getValue()));
    }
}
