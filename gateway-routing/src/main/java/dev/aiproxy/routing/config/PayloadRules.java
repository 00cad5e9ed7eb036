package dev.aiproxy.routing.config;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.api.ApiFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code payload:} section: changes made to each upstream request body, after translation, as in CLIProxyAPI.
 * Rules run in CLIProxyAPI's order: every {@code default}, then {@code default-raw}, {@code override},
 * {@code override-raw}, and last {@code filter}. A rule applies when any of its {@code models} entries matches.
 *
 * @param defaults set a path only when the body does not have it (so the first matching default for a path wins)
 * @param defaultRaw the same, with values written as raw JSON text
 * @param overrides always set a path (so the last matching override for a path wins)
 * @param overrideRaw the same, with values written as raw JSON text
 * @param filters remove paths
 */
public record PayloadRules(List<Rule> defaults, List<Rule> defaultRaw, List<Rule> overrides, List<Rule> overrideRaw,
        List<Filter> filters) {

    /** No rules: every body goes upstream as it is. */
    public static final PayloadRules NONE = new PayloadRules(List.of(), List.of(), List.of(), List.of(), List.of());

    public PayloadRules {
        defaults = List.copyOf(defaults);
        defaultRaw = List.copyOf(defaultRaw);
        overrides = List.copyOf(overrides);
        overrideRaw = List.copyOf(overrideRaw);
        filters = List.copyOf(filters);
    }

    /** Whether there is no rule at all. */
    public boolean isEmpty() {
        return defaults.isEmpty() && defaultRaw.isEmpty() && overrides.isEmpty() && overrideRaw.isEmpty()
                && filters.isEmpty();
    }

    /**
     * One {@code default}, {@code default-raw}, {@code override} or {@code override-raw} rule.
     *
     * @param models the requests it applies to: any entry may match; at least one
     * @param params path to value, in file order; each value is JSON text (a YAML value converted, or the raw text)
     */
    public record Rule(List<ModelMatch> models, Map<PayloadPath, String> params) {
        public Rule {
            models = nonEmpty(models);
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
            params.forEach((path, json) -> requireNonNull(json, () -> "the value of " + path));
        }
    }

    /**
     * One {@code filter} rule.
     *
     * @param models the requests it applies to: any entry may match; at least one
     * @param paths the paths removed
     */
    public record Filter(List<ModelMatch> models, List<PayloadPath> paths) {
        public Filter {
            models = nonEmpty(models);
            paths = List.copyOf(paths);
        }
    }

    /**
     * One entry of a rule's {@code models}: every condition given must hold.
     *
     * @param name a glob ({@code *} matches any run of characters), compared without regard to case with both the
     *     upstream's model id and the model name the client asked for
     * @param protocol the format the upstream speaks, or null for any
     * @param fromProtocol the format the client spoke, or null for any (an in-process call has none)
     * @param headers header name to value glob; the client's request must have each header, with a matching value
     * @param match paths that must hold the given JSON value
     * @param notMatch paths that must not hold the given JSON value
     * @param exist paths that must be present and not null
     * @param notExist paths that must be missing or null
     */
    public record ModelMatch(String name, ApiFormat protocol, ApiFormat fromProtocol, Map<String, String> headers,
            List<Condition> match, List<Condition> notMatch, List<PayloadPath> exist, List<PayloadPath> notExist) {
        public ModelMatch {
            requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("a payload rule's model name must not be empty; use \"*\" for all");
            }
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            match = List.copyOf(match);
            notMatch = List.copyOf(notMatch);
            exist = List.copyOf(exist);
            notExist = List.copyOf(notExist);
        }

        /** An entry matching by model name only. */
        public static ModelMatch named(String name) {
            return new ModelMatch(name, null, null, Map.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** Whether matching needs the body itself, not just the model, formats and headers. */
        public boolean readsBody() {
            return !match.isEmpty() || !notMatch.isEmpty() || !exist.isEmpty() || !notExist.isEmpty();
        }
    }

    /**
     * A path and a JSON value, compared as JSON ({@code 1} equals {@code 1.0}, key order does not matter).
     *
     * @param json JSON text
     */
    public record Condition(PayloadPath path, String json) {
        public Condition {
            requireNonNull(path, "path");
            requireNonNull(json, "json");
        }
    }

    private static List<ModelMatch> nonEmpty(List<ModelMatch> models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a payload rule needs at least one models entry; use name: \"*\" "
                    + "for every model");
        }
        return List.copyOf(models);
    }
}
