package dev.aiproxy.server.management;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.config.edit.ClientUpdate;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a client as a JSON body carries them, read as a merge patch (RFC 7396): a field left out stays as
 * it is, {@code null} removes the setting (back to its default), a value replaces it. Each value is checked here, so
 * a bad one is a 400 naming its field before anything is written.
 */
record ClientSettings(JsonNode allowedModels, JsonNode provider, JsonNode systemPrompt, JsonNode baseUrl,
        JsonNode requestsPerMinute, JsonNode tokensPerMinute, JsonNode dailyUsd, JsonNode monthlyUsd) {

    /**
     * The change to write.
     *
     * @param providers the provider entries a client may be pinned to
     * @throws InvalidRequestException naming the first field that does not fit
     */
    ClientUpdate toUpdate(Set<String> providers) {
        return new ClientUpdate(change(allowedModels, "allowed_models", ClientSettings::models),
                change(provider, "provider", (node, field) -> provider(node, field, providers)),
                change(systemPrompt, "system_prompt", ClientSettings::prompt),
                change(baseUrl, "base_url", ClientSettings::url),
                change(requestsPerMinute, "requests_per_minute", (n, f) -> (int) whole(n, f, 1_000_000)),
                change(tokensPerMinute, "tokens_per_minute", (n, f) -> whole(n, f, Integer.MAX_VALUE)),
                change(dailyUsd, "daily_usd", ClientSettings::dollars),
                change(monthlyUsd, "monthly_usd", ClientSettings::dollars));
    }

    private interface Reader<T> {
        T read(JsonNode node, String field);
    }

    /** Null when the field was left out, empty when it is null, else its value. */
    @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
    private static <T> Optional<T> change(JsonNode node, String field, Reader<T> reader) {
        if (node == null) {
            return null;
        }
        return node.isNull() ? Optional.empty() : Optional.of(reader.read(node, field));
    }

    private static List<String> models(JsonNode node, String field) {
        if (!node.isArray()) {
            throw invalid(field, "expected a list of model names or globs (\"*\" for all), or null for all");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw invalid(field, "each entry must be a model name or glob, got " + item);
            }
            out.add(item.asText().strip());
        }
        return out;
    }

    private static String provider(JsonNode node, String field, Set<String> providers) {
        String name = text(node, field);
        if (!providers.contains(name)) {
            throw invalid(field, "no provider entry is named '" + name + "' (configured: "
                    + String.join(", ", providers.stream().sorted().toList()) + ")");
        }
        return name;
    }

    private static SystemPrompt prompt(JsonNode node, String field) {
        if (node.isTextual()) {
            return new SystemPrompt(SystemPrompt.Mode.PREPEND, text(node, field));
        }
        if (!node.isObject() || !node.path("text").isTextual() || node.path("text").asText().isBlank()) {
            throw invalid(field, "expected the prompt's text, or {\"mode\": \"prepend\"|\"replace\", \"text\": ...}");
        }
        String mode = node.path("mode").asText("prepend");
        try {
            return new SystemPrompt(SystemPrompt.Mode.valueOf(mode.toUpperCase(Locale.ROOT)), node.get("text").asText());
        } catch (IllegalArgumentException e) {
            throw invalid(field + ".mode", "expected prepend or replace, got \"" + mode + "\"");
        }
    }

    private static URI url(JsonNode node, String field) {
        String text = text(node, field);
        try {
            URI uri = new URI(text);
            if (uri.getHost() != null && ("http".equalsIgnoreCase(uri.getScheme())
                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        throw invalid(field, "not an http(s) URL: \"" + text + "\"");
    }

    private static long whole(JsonNode node, String field, long max) {
        if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0 || node.asLong() > max) {
            throw invalid(field, "expected a whole number from 0 (no limit) to " + max + ", got " + node);
        }
        return node.asLong();
    }

    private static BigDecimal dollars(JsonNode node, String field) {
        if (!node.isNumber() || node.decimalValue().signum() < 0) {
            throw invalid(field, "expected an amount of US dollars, 0 or more (such as 25.50), got " + node);
        }
        return node.decimalValue();
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual() || node.asText().isBlank()) {
            throw invalid(field, "expected a non-empty string, got " + node);
        }
        return node.asText().strip();
    }

    private static InvalidRequestException invalid(String field, String message) {
        return new InvalidRequestException("field '" + field + "': " + message, field, null);
    }
}
