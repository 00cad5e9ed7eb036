package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.config.PayloadPath;
import dev.aiproxy.routing.config.PayloadRules;
import dev.aiproxy.routing.config.PayloadRules.Condition;
import dev.aiproxy.routing.config.PayloadRules.ModelMatch;
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

/**
 * Reads the {@code payload:} section, CLIProxyAPI's schema, into {@link PayloadRules}. Every problem is recorded in the
 * {@link YamlNodes} with its line and key: an unknown protocol, a path in gjson syntax this gateway does not support,
 * raw text that is not JSON, a value of the wrong shape. Not thread-safe; one per load.
 */
public final class PayloadRulesParser {
    private static final Set<String> SECTION = Set.of("default", "default-raw", "override", "override-raw", "filter");
    private static final Set<String> RULE = Set.of("models", "params");
    private static final Set<String> MODEL = Set.of("name", "protocol", "from-protocol", "headers", "match",
            "not-match", "exist", "not-exist");
    /** CLIProxyAPI's protocol names for the formats this gateway speaks; {@code converse}, Bedrock's, is upstream only. */
    private static final Map<String, ApiFormat> CLIENT_PROTOCOLS = Map.of("openai", ApiFormat.OPENAI_CHAT,
            "responses", ApiFormat.OPENAI_RESPONSES, "claude", ApiFormat.ANTHROPIC_MESSAGES,
            "gemini", ApiFormat.GEMINI);
    private static final Map<String, ApiFormat> UPSTREAM_PROTOCOLS = Map.of("openai", ApiFormat.OPENAI_CHAT,
            "responses", ApiFormat.OPENAI_RESPONSES, "claude", ApiFormat.ANTHROPIC_MESSAGES,
            "gemini", ApiFormat.GEMINI, "converse", ApiFormat.BEDROCK_CONVERSE);

    private final YamlNodes yaml;
    private final YamlJson json;

    public PayloadRulesParser(YamlNodes yaml) {
        this.yaml = yaml;
        this.json = new YamlJson(yaml);
    }

    /** The rules of a {@code payload:} node; none when it is absent. */
    public PayloadRules parse(Node node) {
        if (node == null) {
            return PayloadRules.NONE;
        }
        Map<String, Node> m = yaml.mapping(node, "payload", SECTION);
        return new PayloadRules(rules(m.get("default"), "payload.default", false),
                rules(m.get("default-raw"), "payload.default-raw", true),
                rules(m.get("override"), "payload.override", false),
                rules(m.get("override-raw"), "payload.override-raw", true),
                filters(m.get("filter")));
    }

    private List<PayloadRules.Rule> rules(Node node, String path, boolean raw) {
        List<PayloadRules.Rule> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String rulePath = index(path, i);
            Map<String, Node> rule = yaml.mapping(items.get(i), rulePath, RULE);
            if (!(items.get(i) instanceof MappingNode)) {
                continue;
            }
            List<ModelMatch> models = models(items.get(i), rule.get("models"), join(rulePath, "models"));
            Map<PayloadPath, String> params = params(items.get(i), rule.get("params"), join(rulePath, "params"), raw);
            if (!models.isEmpty() && params != null) {
                out.add(new PayloadRules.Rule(models, params));
            }
        }
        return out;
    }

    private List<PayloadRules.Filter> filters(Node node) {
        List<PayloadRules.Filter> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, "payload.filter");
        for (int i = 0; i < items.size(); i++) {
            String rulePath = index("payload.filter", i);
            Map<String, Node> rule = yaml.mapping(items.get(i), rulePath, RULE);
            if (!(items.get(i) instanceof MappingNode)) {
                continue;
            }
            List<ModelMatch> models = models(items.get(i), rule.get("models"), join(rulePath, "models"));
            if (rule.get("params") == null) {
                yaml.problem(items.get(i), join(rulePath, "params"), "required: the list of paths to remove");
                continue;
            }
            List<PayloadPath> paths = paths(rule.get("params"), join(rulePath, "params"));
            if (!models.isEmpty()) {
                out.add(new PayloadRules.Filter(models, paths));
            }
        }
        return out;
    }

    /** {@code params}: path to value; null after a problem that leaves the rule unusable. */
    private Map<PayloadPath, String> params(Node rule, Node node, String path, boolean raw) {
        if (node == null) {
            yaml.problem(rule, path, "required: the paths to set, as path: value lines");
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            yaml.problem(node, path, "expected a mapping of path: value lines");
            return null;
        }
        Map<PayloadPath, String> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            PayloadPath key = path(tuple.getKeyNode(), path, true);
            if (key == null) {
                continue;
            }
            String value = raw ? rawJson(tuple.getValueNode(), join(path, key.text()))
                    : json.text(tuple.getValueNode(), join(path, key.text()));
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    /** A {@code -raw} value: JSON text, used as is; a YAML list or mapping is taken as its JSON, as CLIProxyAPI does. */
    private String rawJson(Node node, String path) {
        if (!(node instanceof ScalarNode)) {
            return json.text(node, path);
        }
        String text = yaml.string(node, path);
        if (text == null) {
            yaml.problem(node, path, "expected raw JSON text, such as '{\"type\":\"object\"}'");
            return null;
        }
        try {
            JsonValues.parse(text);
            return text.strip();
        } catch (IllegalArgumentException e) {
            yaml.problem(node, path, e.getMessage());
            return null;
        }
    }

    private List<ModelMatch> models(Node rule, Node node, String path) {
        List<ModelMatch> out = new ArrayList<>();
        if (node == null) {
            yaml.problem(rule, path, "required: at least one entry; use name: \"*\" for every model");
            return out;
        }
        List<Node> items = yaml.sequence(node, path);
        boolean broken = false;
        for (int i = 0; i < items.size(); i++) {
            ModelMatch match = model(items.get(i), index(path, i));
            if (match == null) {
                broken = true;
            } else {
                out.add(match);
            }
        }
        if (items.isEmpty()) {
            yaml.problem(node, path, "required: at least one entry; use name: \"*\" for every model");
        }
        return broken ? List.of() : out;
    }

    private ModelMatch model(Node node, String path) {
        Map<String, Node> m = yaml.mapping(node, path, MODEL);
        if (!(node instanceof MappingNode)) {
            // the mapping's own problem says it all; a missing name would only repeat it
            return null;
        }
        String name = yaml.string(m.get("name"), join(path, "name"));
        boolean ok = true;
        if (name == null || name.isBlank()) {
            yaml.problem(m.getOrDefault("name", node), join(path, "name"),
                    "required: a model name or glob, such as \"gpt-*\" (\"*\" for every model)");
            ok = false;
        }
        ApiFormat protocol = protocol(m.get("protocol"), join(path, "protocol"), UPSTREAM_PROTOCOLS,
                "openai, responses, claude, gemini or converse");
        ApiFormat from = protocol(m.get("from-protocol"), join(path, "from-protocol"), CLIENT_PROTOCOLS,
                "openai, responses, claude or gemini");
        ok &= (m.get("protocol") == null || protocol != null) && (m.get("from-protocol") == null || from != null);
        Map<String, String> headers = yaml.stringMap(m.get("headers"), join(path, "headers"));
        for (String header : headers.keySet()) {
            if (!HeaderReference.isHeaderName(header)) {
                yaml.problem(m.get("headers"), join(join(path, "headers"), header), "not a valid header name");
                ok = false;
            }
        }
        List<Condition> match = conditions(m.get("match"), join(path, "match"));
        List<Condition> notMatch = conditions(m.get("not-match"), join(path, "not-match"));
        List<PayloadPath> exist = paths(m.get("exist"), join(path, "exist"));
        List<PayloadPath> notExist = paths(m.get("not-exist"), join(path, "not-exist"));
        return ok ? new ModelMatch(name.strip(), protocol, from, headers, match, notMatch, exist, notExist) : null;
    }

    /** @param known the names accepted here: an upstream's format ({@code protocol}) or a client's */
    private ApiFormat protocol(Node node, String path, Map<String, ApiFormat> known, String expected) {
        String id = yaml.string(node, path);
        if (id == null) {
            return null;
        }
        ApiFormat format = known.get(id.strip().toLowerCase(Locale.ROOT));
        if (format == null) {
            yaml.problem(node, path, "unknown protocol \"" + id + "\" (expected " + expected + ")");
        }
        return format;
    }

    /** {@code match} / {@code not-match}: a list of {@code path: value} mappings, or one mapping. */
    private List<Condition> conditions(Node node, String path) {
        List<Condition> out = new ArrayList<>();
        List<Node> items = node instanceof MappingNode ? List.of(node) : yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = node instanceof MappingNode ? path : index(path, i);
            if (!(items.get(i) instanceof MappingNode mapping)) {
                yaml.problem(items.get(i), itemPath, "expected path: value, such as \"metadata.client\": \"codex\"");
                continue;
            }
            for (NodeTuple tuple : mapping.getValue()) {
                PayloadPath key = path(tuple.getKeyNode(), itemPath, true);
                String value = key == null ? null : json.text(tuple.getValueNode(), join(itemPath, key.text()));
                if (value != null) {
                    out.add(new Condition(key, value));
                }
            }
        }
        return out;
    }

    private List<PayloadPath> paths(Node node, String path) {
        List<PayloadPath> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            PayloadPath parsed = path(items.get(i), index(path, i), false);
            if (parsed != null) {
                out.add(parsed);
            }
        }
        return out;
    }

    /** @param isKey whether the path is a mapping's key, so that the problem names it after {@code where} */
    private PayloadPath path(Node node, String where, boolean isKey) {
        String text = yaml.string(node, where);
        if (text == null) {
            yaml.problem(node, where, "expected a dotted path, such as generationConfig.thinkingConfig");
            return null;
        }
        try {
            return PayloadPath.parse(text.strip());
        } catch (IllegalArgumentException e) {
            yaml.problem(node, isKey ? join(where, text) : where, e.getMessage());
            return null;
        }
    }
}
