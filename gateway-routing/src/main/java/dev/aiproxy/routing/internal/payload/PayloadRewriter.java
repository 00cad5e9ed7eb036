package dev.aiproxy.routing.internal.payload;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.RequestContext.HeaderLookup;
import dev.aiproxy.routing.config.PayloadPath;
import dev.aiproxy.routing.config.PayloadRules;
import dev.aiproxy.routing.config.internal.JsonValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies one config's {@code payload:} rules to upstream request bodies. A body no rule can apply to is returned as
 * the same array, unread: the model names, formats and headers are checked before the body is parsed. Otherwise the
 * body is parsed once, every applicable rule is applied in CLIProxyAPI's order ({@code default}, {@code default-raw},
 * {@code override}, {@code override-raw}, {@code filter}), and the tree is written once; a body the rules leave as it
 * was is returned as the same array. Conditions on the body ({@code match}, {@code exist}, ...) and the absence a
 * default looks for are judged on the body as it came, before any rule changed it. Immutable and thread-safe.
 */
public final class PayloadRewriter {
    private static final System.Logger LOG = System.getLogger(PayloadRewriter.class.getName());

    /** Rewrites nothing. */
    public static final PayloadRewriter NONE = new PayloadRewriter(List.of());

    private enum Kind { DEFAULT, OVERRIDE, FILTER }

    /**
     * What a body is for.
     *
     * @param upstreamFormat the format of the provider the body goes to
     * @param upstreamModel the upstream's model id
     * @param clientFormat the format the client spoke, or null for an in-process call
     * @param clientModel the model name the client asked for
     * @param headers the client's request headers
     */
    public record Scope(ApiFormat upstreamFormat, String upstreamModel, ApiFormat clientFormat, String clientModel,
            HeaderLookup headers) {
        public Scope {
            requireNonNull(upstreamFormat, "upstreamFormat");
            requireNonNull(upstreamModel, "upstreamModel");
            requireNonNull(clientModel, "clientModel");
            requireNonNull(headers, "headers");
        }
    }

    private record Param(PayloadPath path, JsonNode value) {
    }

    private record Rule(Kind kind, String name, List<PayloadMatch> models, List<Param> params) {
    }

    /** A rule whose models entries, some of them, match without looking at the body. */
    private record Possible(Rule rule, List<PayloadMatch> models) {
    }

    private final List<Rule> rules;

    private PayloadRewriter(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Compiles rules: globs folded to lower case, values parsed once.
     *
     * @throws IllegalArgumentException naming the rule whose value is not valid JSON
     */
    public static PayloadRewriter of(PayloadRules payload) {
        if (payload.isEmpty()) {
            return NONE;
        }
        List<Rule> rules = new ArrayList<>();
        add(rules, Kind.DEFAULT, "payload.default", payload.defaults());
        add(rules, Kind.DEFAULT, "payload.default-raw", payload.defaultRaw());
        add(rules, Kind.OVERRIDE, "payload.override", payload.overrides());
        add(rules, Kind.OVERRIDE, "payload.override-raw", payload.overrideRaw());
        for (int i = 0; i < payload.filters().size(); i++) {
            PayloadRules.Filter filter = payload.filters().get(i);
            rules.add(new Rule(Kind.FILTER, "payload.filter[" + i + "]", PayloadMatch.all(filter.models()),
                    filter.paths().stream().map(p -> new Param(p, null)).toList()));
        }
        return new PayloadRewriter(rules);
    }

    private static void add(List<Rule> out, Kind kind, String section, List<PayloadRules.Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            String name = section + "[" + i + "]";
            List<Param> params = new ArrayList<>();
            rules.get(i).params().forEach((path, json) -> params.add(new Param(path, parse(name, path, json))));
            out.add(new Rule(kind, name, PayloadMatch.all(rules.get(i).models()), params));
        }
    }

    private static JsonNode parse(String rule, PayloadPath path, String json) {
        try {
            return JsonValues.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(rule + ".params." + path + ": " + e.getMessage(), e);
        }
    }

    /** Whether no rule is configured. */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * The body with every applicable rule applied; the same array when none applies or nothing changed, and when the
     * body is not a JSON object (the upstream will say what is wrong with it).
     */
    public byte[] rewrite(byte[] body, Scope scope) {
        if (rules.isEmpty()) {
            return body;
        }
        PayloadMatch.Subject subject = PayloadMatch.subject(scope);
        List<Possible> possible = new ArrayList<>();
        for (Rule rule : rules) {
            List<PayloadMatch> passing = rule.models().stream().filter(m -> m.matchesWithoutBody(subject)).toList();
            if (!passing.isEmpty()) {
                possible.add(new Possible(rule, passing));
            }
        }
        if (possible.isEmpty()) {
            return body;
        }
        ObjectNode root = read(body);
        if (root == null) {
            return body;
        }
        // judged before any change, so a rule's own edits never decide whether another applies
        List<Rule> applying = new ArrayList<>();
        for (Possible p : possible) {
            if (p.models().stream().anyMatch(m -> m.matchesBody(root))) {
                applying.add(p.rule());
            }
        }
        if (!apply(root, applying)) {
            return body;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "payload rules " + applying.stream().map(Rule::name).toList()
                + " changed the body for " + scope.upstreamFormat().id() + " " + scope.upstreamModel());
        try {
            return JsonValues.MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rewritten request body could not be written", e);
        }
    }

    /** Applies rules in order; returns whether the tree changed. */
    private static boolean apply(ObjectNode root, List<Rule> applying) {
        // defaults look for absence in the body as it came; the first default for a path wins
        Set<PayloadPath> defaulted = new HashSet<>();
        List<Param> defaults = new ArrayList<>();
        for (Rule rule : applying) {
            if (rule.kind() == Kind.DEFAULT) {
                for (Param param : rule.params()) {
                    if (JsonTreePaths.get(root, param.path()) == null && defaulted.add(param.path())) {
                        defaults.add(param);
                    }
                }
            }
        }
        boolean changed = false;
        for (Param param : defaults) {
            changed |= JsonTreePaths.set(root, param.path(), param.value());
        }
        for (Rule rule : applying) {
            for (Param param : rule.params()) {
                changed |= switch (rule.kind()) {
                    case DEFAULT -> false;
                    case OVERRIDE -> JsonTreePaths.set(root, param.path(), param.value());
                    case FILTER -> JsonTreePaths.remove(root, param.path());
                };
            }
        }
        return changed;
    }

    private static ObjectNode read(byte[] body) {
        try {
            return JsonValues.MAPPER.readTree(body) instanceof ObjectNode object ? object : null;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "payload rules skipped a body that is not JSON: " + e.getMessage());
            return null;
        }
    }

    /** The model name as matched: globs and names compare without regard to case, as in CLIProxyAPI. */
    static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
