package dev.aiproxy.server.management;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aiproxy.api.error.InvalidRequestException;
import dev.aiproxy.api.error.NotFoundException;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.config.edit.ClientEntries;
import dev.aiproxy.routing.config.edit.ClientUpdate;
import dev.aiproxy.routing.config.edit.YamlDocument;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The gateway's clients: {@code GET /clients} and {@code /clients/{name}}, {@code POST /clients} (a new client and its
 * key, shown once and stored only as its SHA-256 in the clients file, as {@code gateway keys create} does),
 * {@code POST /clients/{name}/key} (a new key; the old one is refused from the moment the answer is sent),
 * {@code PATCH /clients/{name}} (its settings) and {@code DELETE /clients/{name}}. A client is changed in the file
 * that defines it: the config file's {@code clients:} or the clients file.
 */
public final class ClientsResource implements ManagementApi.Resource {
    private final Gateway gateway;
    private final Supplier<ConfigFile> configFile;

    public ClientsResource(Gateway gateway, Supplier<ConfigFile> configFile) {
        this.gateway = gateway;
        this.configFile = configFile;
    }

    @Override
    public List<Route> routes() {
        return List.of(Route.get("/clients", this::list), Route.post("/clients", this::create),
                Route.get("/clients/{name}", this::show), Route.patch("/clients/{name}", this::update),
                Route.delete("/clients/{name}", this::delete), Route.post("/clients/{name}/key", this::newKey));
    }

    /** Where a client is defined, which is the file a change to it is written to. */
    enum Origin {
        /** The config file's {@code clients:} list. */
        CONFIG_FILE,
        /** The clients file, which {@code gateway keys} and this API write. */
        CLIENTS_FILE,
        /** A plain {@code api-keys:} entry of the config file: a key without a name or settings. */
        API_KEYS,
        /** The config was built in code: there is no file. */
        CODE
    }

    /** A client as the API shows it: its settings and a fingerprint of its key, never the key or its hash. */
    public record ClientView(String name, String definedIn, String keyFingerprint, List<String> allowedModels,
            String provider, Prompt systemPrompt, String baseUrl, int requestsPerMinute, long tokensPerMinute,
            BigDecimal dailyUsd, BigDecimal monthlyUsd) {
    }

    /** A system prompt and whether it goes before the client's own or replaces it. */
    public record Prompt(String mode, String text) {
        static Prompt of(SystemPrompt prompt) {
            return prompt == null ? null : new Prompt(prompt.mode().name().toLowerCase(Locale.ROOT), prompt.text());
        }
    }

    /** A new key, shown this once, with the client it belongs to. */
    public record IssuedKey(String key, @JsonUnwrapped ClientView client) {
    }

    /** {@code POST /clients}: a name, the key's type and, optionally, the client's settings. */
    record NewClient(String name, @JsonAlias("key-type") String keyType, JsonNode allowedModels, JsonNode provider,
            JsonNode systemPrompt, JsonNode baseUrl, JsonNode requestsPerMinute, JsonNode tokensPerMinute,
            JsonNode dailyUsd, JsonNode monthlyUsd) {
        ClientSettings settings() {
            return new ClientSettings(allowedModels, provider, systemPrompt, baseUrl, requestsPerMinute,
                    tokensPerMinute, dailyUsd, monthlyUsd);
        }
    }

    /** {@code POST /clients/{name}/key}: the new key's type, {@code sk-} when left out. */
    record NewKey(@JsonAlias("key-type") String keyType) {
    }

    private ManagementAnswer list(ManagementRequest request) {
        Origins origins = origins();
        return ManagementAnswer.ok(gateway.config().clients().stream().map(c -> view(c, origins)).toList());
    }

    private ManagementAnswer show(ManagementRequest request) {
        return ManagementAnswer.ok(view(live(request.path("name")), origins()));
    }

    private ManagementAnswer create(ManagementRequest request) {
        ConfigFile file = ConfigResource.require(configFile.get());
        NewClient body = request.body(NewClient.class);
        if (body.name() == null || body.name().isBlank()) {
            throw new InvalidRequestException("field 'name' is required: a name for the client, such as 'team-a'",
                    "name", null);
        }
        String name = body.name().strip();
        if (!ClientKeys.isValidName(name)) {
            throw new InvalidRequestException("field 'name': use letters, digits, '.', '_' and '-' only, was \""
                    + name + "\"", "name", null);
        }
        ClientKeys.Type type = keyType(body.keyType());
        ClientUpdate update = body.settings().toUpdate(providers());
        if (origins().of(name) != null || gateway.config().clients().stream().anyMatch(c -> c.name().equals(name))) {
            throw ManagementException.conflict("a client named '" + name + "' exists; POST /clients/" + name
                    + "/key gives it a new key", "name");
        }
        String key = ClientKeys.generate(type);
        file.editClients(document -> {
            ClientEntries clients = new ClientEntries(document);
            clients.add(name, ClientKeys.hash(key), List.of("*"));
            clients.update(name, update);
            return null;
        });
        return ManagementAnswer.created(new IssuedKey(key, view(live(name), origins())));
    }

    private ManagementAnswer newKey(ManagementRequest request) {
        String name = request.path("name");
        NewKey body = hasBody(request) ? request.body(NewKey.class) : new NewKey(null);
        ClientKeys.Type type = keyType(body.keyType());
        String key = ClientKeys.generate(type);
        edit(name, clients -> {
            clients.setKeyHash(name, ClientKeys.hash(key));
            return null;
        });
        return ManagementAnswer.ok(new IssuedKey(key, view(live(name), origins())));
    }

    private ManagementAnswer update(ManagementRequest request) {
        String name = request.path("name");
        ClientUpdate update = request.body(ClientSettings.class).toUpdate(providers());
        if (update.isEmpty()) {
            throw new InvalidRequestException("the body changes nothing; send the fields to change (allowed_models, "
                    + "provider, system_prompt, base_url, requests_per_minute, tokens_per_minute, daily_usd, "
                    + "monthly_usd), null to remove one", null, null);
        }
        edit(name, clients -> {
            clients.update(name, update);
            return null;
        });
        return ManagementAnswer.ok(view(live(name), origins()));
    }

    private ManagementAnswer delete(ManagementRequest request) {
        String name = request.path("name");
        edit(name, clients -> {
            clients.remove(name);
            return null;
        });
        return ManagementAnswer.done();
    }

    /** Changes a client in the file that defines it. */
    private void edit(String name, Function<ClientEntries, Void> change) {
        ConfigFile file = ConfigResource.require(configFile.get());
        Origin origin = origins().of(name);
        if (origin == null) {
            live(name);
            origin = Origin.API_KEYS;
        }
        Function<YamlDocument, Void> onDocument = document -> change.apply(new ClientEntries(document));
        switch (origin) {
            case CONFIG_FILE -> file.editConfig(onDocument);
            case CLIENTS_FILE -> file.editClients(onDocument);
            case API_KEYS, CODE -> throw ManagementException.conflict("client '" + name + "' is a plain 'api-keys' "
                    + "entry of the config file, which has no name or settings of its own; give it a 'clients:' "
                    + "entry (or create a client here) to manage it", null);
        }
    }

    private static boolean hasBody(ManagementRequest request) {
        String length = request.header("Content-Length");
        return length != null && !length.strip().equals("0") || request.header("Transfer-Encoding") != null;
    }

    private static ClientKeys.Type keyType(String prefix) {
        try {
            return prefix == null ? ClientKeys.Type.OPENAI : ClientKeys.Type.fromPrefix(prefix.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("field 'key_type': " + e.getMessage(), "key_type", e);
        }
    }

    private Set<String> providers() {
        Set<String> names = new HashSet<>();
        gateway.config().providers().stream().map(ProviderConfig::name).forEach(names::add);
        names.add("echo");
        return names;
    }

    private ClientConfig live(String name) {
        return gateway.config().clients().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFoundException("no client named '" + name + "'; GET "
                        + ManagementApi.PREFIX + "/clients lists them"));
    }

    /** The names each file defines, read now. */
    private record Origins(List<String> configFile, List<String> clientsFile, boolean fromFile) {
        Origin of(String name) {
            if (configFile.contains(name)) {
                return Origin.CONFIG_FILE;
            }
            return clientsFile.contains(name) ? Origin.CLIENTS_FILE : null;
        }
    }

    private Origins origins() {
        ConfigFile file = configFile.get();
        if (file == null) {
            return new Origins(List.of(), List.of(), false);
        }
        List<String> inConfig = new ClientEntries(ConfigFile.document(file.read().text(), file.path())).names();
        return new Origins(inConfig, file.clientsFile().names(), true);
    }

    private static ClientView view(ClientConfig c, Origins origins) {
        Origin origin = origins.of(c.name());
        if (origin == null) {
            origin = origins.fromFile() ? Origin.API_KEYS : Origin.CODE;
        }
        return new ClientView(c.name(), origin.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                c.keyHash() == null ? null : "sha256:" + c.keyHash().substring(0, 8), c.allowedModels(), c.provider(),
                Prompt.of(c.systemPrompt()), c.baseUrl() == null ? null : c.baseUrl().toString(),
                c.requestsPerMinute(), c.tokensPerMinute(), c.budget().dailyUsd(), c.budget().monthlyUsd());
    }
}
