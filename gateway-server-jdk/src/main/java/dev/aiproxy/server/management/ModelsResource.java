package dev.aiproxy.server.management;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ModelInfo;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.edit.ModelEdits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model registry as clients see it ({@code GET /models}: every name a client may ask for, the entries and keys
 * that serve it, its fallbacks), and edits of what it is made of, written to the config file: a provider entry's
 * aliases ({@code PUT /models/aliases}), the fallback chains ({@code PUT /models/fallbacks}) and the payload rules
 * ({@code GET}/{@code PUT /models/payload}).
 */
public final class ModelsResource implements ManagementApi.Resource {
    private final Gateway gateway;
    private final Supplier<ConfigFile> configFile;

    public ModelsResource(Gateway gateway, Supplier<ConfigFile> configFile) {
        this.gateway = gateway;
        this.configFile = configFile;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/models", this::list), Route.put("/models/aliases", this::alias),
                Route.put("/models/fallbacks", this::fallbacks), Route.get("/models/payload", this::payload),
                Route.put("/models/payload", this::replacePayload));
    }

    /** The registry: each model, the prefixes of the provider entries, and the fallback chains. */
    public record Registry(List<ModelView> models, Map<String, String> prefixes, boolean forceModelPrefix,
            Map<String, List<String>> fallbacks) {
    }

    /** A name clients may ask for, what serves it (in routing order) and where it falls back to. */
    public record ModelView(String id, String provider, List<ModelInfo.Serving> servedBy, List<String> fallbacks) {
    }

    /** {@code PUT /models/aliases}: the name clients use for a provider entry's model; a null alias removes it. */
    record Alias(String provider, String upstreamModel, String alias) {
    }

    /** {@code PUT /models/fallbacks}: a model's chain, tried in order after it fails; empty removes it. */
    record Fallbacks(String model, List<String> fallbacks) {
    }

    /** The {@code payload:} rules as JSON (default, default-raw, override, override-raw, filter); null when none. */
    public record Payload(JsonNode payload) {
    }

    private ManagementAnswer list(ManagementRequest request) {
        return ManagementAnswer.ok(registry());
    }

    private Registry registry() {
        GatewayConfig config = gateway.config();
        Map<String, List<String>> fallbacks = config.resilience().fallbacks();
        List<ModelView> models = new ArrayList<>();
        for (ModelInfo m : gateway.models()) {
            models.add(new ModelView(m.id(), m.provider(), m.servedBy(), fallbacks.getOrDefault(m.id(), List.of())));
        }
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (ProviderConfig p : config.providers()) {
            if (p.prefix() != null) {
                prefixes.put(p.name(), p.prefix());
            }
        }
        return new Registry(models, prefixes, config.resilience().forceModelPrefix(), fallbacks);
    }

    private ManagementAnswer alias(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        Alias body = request.body(Alias.class);
        String provider = required(body.provider(), "provider");
        String model = required(body.upstreamModel(), "upstream_model");
        String alias = body.alias() == null || body.alias().isBlank() ? null : body.alias().strip();
        if (gateway.config().providers().stream().noneMatch(p -> p.name().equals(provider))) {
            throw new InvalidRequestException("field 'provider': no provider entry is named '" + provider + "'",
                    "provider", null);
        }
        edit(file, edits -> edits.setAlias(provider, model, alias), "provider");
        return ManagementAnswer.ok(registry());
    }

    private ManagementAnswer fallbacks(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        Fallbacks body = request.body(Fallbacks.class);
        String model = required(body.model(), "model");
        List<String> chain = body.fallbacks() == null ? List.of() : body.fallbacks();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) == null || chain.get(i).isBlank()) {
                throw new InvalidRequestException("field 'fallbacks[" + i + "]': expected a model name",
                        "fallbacks[" + i + "]", null);
            }
        }
        edit(file, edits -> edits.setFallbacks(model, chain.stream().map(String::strip).toList()), "fallbacks");
        return ManagementAnswer.ok(registry());
    }

    private ManagementAnswer payload(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        Object rules = new ModelEdits(ConfigFile.document(file.read().text(), file.path())).payload();
        return ManagementAnswer.ok(new Payload(rules == null ? null : ManagementJson.MAPPER.valueToTree(rules)));
    }

    private ManagementAnswer replacePayload(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        Payload body = request.body(Payload.class);
        if (body.payload() != null && !body.payload().isNull() && !body.payload().isObject()) {
            throw new InvalidRequestException("field 'payload': expected an object of rule lists (default, "
                    + "default-raw, override, override-raw, filter), or null for none", "payload", null);
        }
        Object rules = body.payload() == null || body.payload().isNull() ? null
                : ManagementJson.MAPPER.convertValue(body.payload(), Object.class);
        edit(file, edits -> edits.setPayload(rules), "payload");
        return payload(request);
    }

    private static void edit(ConfigFile file, java.util.function.Consumer<ModelEdits> change, String field) {
        file.editConfig(document -> {
            try {
                change.accept(new ModelEdits(document));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new InvalidRequestException(e.getMessage(), field, e);
            }
            return null;
        });
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("field '" + field + "' is required", field, null);
        }
        return value.strip();
    }
}
