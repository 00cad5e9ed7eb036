package dev.aiproxy.routing.config.internal;

import dev.aiproxy.routing.config.ConfigProblem;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads from a composed snakeyaml node tree. Every read that fails records a problem with the node's line and
 * the key's dotted path and returns null, so one pass reports every problem. Scalars have {@code ${VAR}} and
 * {@code ${VAR:-default}} expanded from the environment. Not thread-safe; one per load.
 */
public final class YamlNodes {
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b?|b)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private final String file;
    private final Map<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    public YamlNodes(String file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<ConfigProblem> warnings() {
        return warnings;
    }

    public void problem(Node node, String path, String message) {
        problems.add(new ConfigProblem(file, line(node), path, message));
    }

    public void warn(Node node, String path, String message) {
        warnings.add(new ConfigProblem(file, line(node), path, message));
    }

    public static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /**
     * The entries of a mapping, by key. Keys not in {@code known} get a warning and are left out.
     */
    public Map<String, Node> mapping(Node node, String path, Set<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping (key: value lines), got " + describe(node));
            return Map.of();
        }
        Map<String, Node> out = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problem(tuple.getKeyNode(), path, "a key must be a plain string");
                continue;
            }
            String key = keyNode.getValue();
            if (!seen.add(key)) {
                problem(keyNode, join(path, key), "duplicate key; it may appear only once");
                continue;
            }
            if (!known.contains(key)) {
                warn(keyNode, join(path, key), "unknown key, ignored");
                continue;
            }
            out.put(key, tuple.getValueNode());
        }
        return out;
    }

    public String string(Node node, String path) {
        if (node == null || isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            problem(node, path, "expected a single value, got " + describe(node));
            return null;
        }
        return expand(scalar, path);
    }

    public Integer integer(Node node, String path, int min, int max) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                problem(node, path, "must be between " + min + " and " + max + ", was " + value);
                return null;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(node, path, "not a whole number: \"" + text + "\"");
            return null;
        }
    }

    /**
     * An amount of US dollars, zero or more, kept exactly as written; null when absent or (with a problem reported)
     * not a number or negative.
     */
    public java.math.BigDecimal dollars(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        java.math.BigDecimal value;
        try {
            value = new java.math.BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            problem(node, path, "not a number: \"" + text + "\" (US dollars, such as 2.50)");
            return null;
        }
        if (value.signum() < 0) {
            problem(node, path, "must not be negative, was " + value.toPlainString());
            return null;
        }
        return value;
    }

    public Boolean bool(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(node, path, "expected true or false, got \"" + text + "\"");
                yield null;
            }
        };
    }

    /** A byte size: a number of bytes, or with a unit: {@code 512KiB}, {@code 16MB}, {@code 1GiB}. */
    public Long size(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            problem(node, path, "not a size: \"" + text + "\" (expected bytes, or a number with KiB, MiB or GiB)");
            return null;
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1024L;
            case 'm' -> 1024L * 1024;
            case 'g' -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return value * factor;
    }

    /** A duration: seconds as a number, or with a unit: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
    public Duration duration(Node node, String path) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            problem(node, path, "not a duration: \"" + text + "\" (expected e.g. 500ms, 10s, 5m)");
            return null;
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(value);
            case "m" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            default -> Duration.ofSeconds(value);
        };
        if (d.isZero()) {
            problem(node, path, "must be more than zero");
            return null;
        }
        return d;
    }

    public List<Node> sequence(Node node, String path) {
        if (node == null || isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, path, "expected a list (lines starting with '- '), got " + describe(node));
            return List.of();
        }
        return sequence.getValue();
    }

    /** A mapping of plain string values, such as headers. */
    public Map<String, String> stringMap(Node node, String path) {
        if (node == null || isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            problem(node, path, "expected a mapping (name: value lines), got " + describe(node));
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = string(tuple.getKeyNode(), path);
            String value = string(tuple.getValueNode(), join(path, key));
            if (key != null && value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    /** A sequence of strings, each stripped; blank items are left out. */
    public List<String> strings(Node node, String path) {
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String s = string(items.get(i), index(path, i));
            if (s != null && !s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** An http(s) URL with a host, or null when absent or (with a problem reported) invalid. */
    public URI url(Node node, String path) {
        String text = string(node, path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                problem(node, path, "not an http(s) URL: \"" + text + "\"");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problem(node, path, "not a URL: \"" + text + "\"");
            return null;
        }
    }

    public static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    private String expand(ScalarNode scalar, String path) {
        String value = scalar.getValue();
        if (value.indexOf("${") < 0) {
            return value;
        }
        Matcher m = ENV.matcher(value);
        StringBuilder sb = new StringBuilder();
        boolean missing = false;
        while (m.find()) {
            String replacement = env.get(m.group(1));
            if (replacement == null || replacement.isEmpty()) {
                replacement = m.group(2);
            }
            if (replacement == null) {
                problem(scalar, path, "environment variable " + m.group(1) + " is not set");
                missing = true;
                replacement = "";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        // the problem is recorded; reading on would report the same line twice
        return missing ? null : sb.toString();
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isEmpty()
                && s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
    }

    private static String describe(Node node) {
        if (node == null) {
            return "nothing";
        }
        return switch (node.getNodeId()) {
            case scalar -> "the value \"" + ((ScalarNode) node).getValue() + "\"";
            case sequence -> "a list";
            case mapping -> "a mapping";
            case anchor -> "an anchor";
        };
    }
}
