package dev.aiproxy.routing.internal.payload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.RequestContext.HeaderLookup;
import dev.aiproxy.routing.config.PayloadPath;
import dev.aiproxy.routing.config.PayloadRules;
import dev.aiproxy.routing.config.internal.JsonValues;
import dev.aiproxy.routing.internal.route.Globs;
import java.util.Comparator;
import java.util.List;

/**
 * One compiled {@code models} entry of a payload rule: its model glob, formats and header globs, which need no body,
 * and its conditions on the body. Immutable and thread-safe.
 */
final class PayloadMatch {
    /** Equal JSON numbers compare equal whatever their type ({@code 1} and {@code 1.0}), as CLIProxyAPI's do. */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) -> a.equals(b)
            || a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;

    /**
     * What a body is for, with the model names folded to lower case once.
     *
     * @param clientFormat null for an in-process call
     */
    record Subject(ApiFormat upstreamFormat, String upstreamModel, ApiFormat clientFormat, String clientModel,
            HeaderLookup headers) {
    }

    private record Header(String name, String glob) {
    }

    private record Condition(PayloadPath path, JsonNode value) {
    }

    private final String glob;
    private final ApiFormat protocol;
    private final ApiFormat fromProtocol;
    private final List<Header> headers;
    private final List<Condition> match;
    private final List<Condition> notMatch;
    private final List<PayloadPath> exist;
    private final List<PayloadPath> notExist;

    private PayloadMatch(PayloadRules.ModelMatch m) {
        this.glob = PayloadRewriter.fold(m.name());
        this.protocol = m.protocol();
        this.fromProtocol = m.fromProtocol();
        this.headers = m.headers().entrySet().stream()
                .map(e -> new Header(e.getKey(), PayloadRewriter.fold(e.getValue()))).toList();
        this.match = conditions(m.match());
        this.notMatch = conditions(m.notMatch());
        this.exist = m.exist();
        this.notExist = m.notExist();
    }

    /** @throws IllegalArgumentException when a condition's value is not valid JSON */
    static List<PayloadMatch> all(List<PayloadRules.ModelMatch> models) {
        return models.stream().map(PayloadMatch::new).toList();
    }

    static Subject subject(PayloadRewriter.Scope scope) {
        return new Subject(scope.upstreamFormat(), PayloadRewriter.fold(scope.upstreamModel()), scope.clientFormat(),
                PayloadRewriter.fold(scope.clientModel()), scope.headers());
    }

    private static List<Condition> conditions(List<PayloadRules.Condition> conditions) {
        return conditions.stream().map(c -> new Condition(c.path(), parse(c))).toList();
    }

    private static JsonNode parse(PayloadRules.Condition c) {
        try {
            return JsonValues.parse(c.json());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payload condition on " + c.path() + ": " + e.getMessage(), e);
        }
    }

    /** The model name (upstream id or the client's), the formats and the client's headers. */
    boolean matchesWithoutBody(Subject s) {
        if (protocol != null && protocol != s.upstreamFormat()) {
            return false;
        }
        if (fromProtocol != null && fromProtocol != s.clientFormat()) {
            return false;
        }
        if (!Globs.matches(glob, s.upstreamModel()) && !Globs.matches(glob, s.clientModel())) {
            return false;
        }
        for (Header header : headers) {
            String value = s.headers().first(header.name());
            if (value == null || !Globs.matches(header.glob(), PayloadRewriter.fold(value))) {
                return false;
            }
        }
        return true;
    }

    /** The conditions on the body: {@code match}, {@code not-match}, {@code exist}, {@code not-exist}. */
    boolean matchesBody(JsonNode root) {
        for (Condition c : match) {
            if (!holds(root, c)) {
                return false;
            }
        }
        for (Condition c : notMatch) {
            if (holds(root, c)) {
                return false;
            }
        }
        for (PayloadPath path : exist) {
            if (!present(root, path)) {
                return false;
            }
        }
        for (PayloadPath path : notExist) {
            if (present(root, path)) {
                return false;
            }
        }
        return true;
    }

    private static boolean holds(JsonNode root, Condition c) {
        JsonNode actual = JsonTreePaths.get(root, c.path());
        return actual != null && actual.equals(SAME_VALUE, c.value());
    }

    /** Present and not null, as CLIProxyAPI's {@code exist} means it. */
    private static boolean present(JsonNode root, PayloadPath path) {
        JsonNode value = JsonTreePaths.get(root, path);
        return value != null && !value.isNull();
    }
}
