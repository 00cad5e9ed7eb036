package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.config.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Maps the YAML tree onto {@link GatewayConfig}. The schema is a compatible subset of CLIProxyAPI's
 * {@code config.yaml}; docs/configuration.md is its reference and config.example.yaml shows every key.
 */
public final class ConfigParser {
    private static final Set<String> TOP = Set.of("host", "port", "api-keys", "debug", "echo", "limits", "timeouts",
            "openai-compatibility", "providers", "claude-api-key", "gemini-api-key");
    /** A {@code claude-api-key} / {@code gemini-api-key} entry: one key with its own settings, as in CLIProxyAPI. */
    private static final Set<String> KEY_SECTION_ENTRY = Set.of("api-key", "base-url", "prefix", "proxy-url",
            "headers", "models", "excluded-models");
    private static final Set<String> LIMITS = Set.of("max-request-body");
    private static final Set<String> TIMEOUTS = Set.of("connect", "first-byte", "idle");
    private static final Set<String> COMPAT = Set.of("name", "base-url", "prefix", "headers", "api-key-entries",
            "api-keys", "models", "excluded-models");
    /** A provider of any type, such as a third party's: the same keys plus the type and its options. */
    private static final Set<String> GENERIC = union(COMPAT, Set.of("type", "options"));
    private static final Set<String> KEY_ENTRY = Set.of("api-key", "base-url", "proxy-url", "headers", "models",
            "excluded-models");
    private static final Set<String> MODEL = Set.of("name", "alias");
    /** Headers HttpClient sets itself and refuses to take from a caller. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final YamlNodes yaml;

    public ConfigParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** Reads the whole document; problems are collected in the {@link YamlNodes}. Null when the root is unusable. */
    public GatewayConfig parse(Node root, Path source) {
        GatewayConfig.Builder b = GatewayConfig.builder().source(source);
        if (root == null) {
            return b.build();
        }
        Map<String, Node> top = yaml.mapping(root, "", TOP);
        String host = yaml.string(top.get("host"), "host");
        if (host != null) {
            b.host(host.isBlank() ? "0.0.0.0" : host.trim());
        }
        Integer port = yaml.integer(top.get("port"), "port", 0, 65535);
        if (port != null) {
            b.port(port);
        }
        List<Secret> clientKeys = new ArrayList<>();
        List<Node> keys = yaml.sequence(top.get("api-keys"), "api-keys");
        for (int i = 0; i < keys.size(); i++) {
            String key = yaml.string(keys.get(i), index("api-keys", i));
            if (key == null || key.isBlank()) {
                yaml.problem(keys.get(i), index("api-keys", i), "a client key must not be empty");
            } else {
                clientKeys.add(Secret.of(key.strip()));
            }
        }
        b.clientKeys(clientKeys);
        Boolean debug = yaml.bool(top.get("debug"), "debug");
        if (debug != null) {
            b.debug(debug);
        }
        Boolean echo = yaml.bool(top.get("echo"), "echo");
        if (echo != null) {
            b.echoModel(echo);
        }
        if (top.containsKey("limits")) {
            b.limits(limits(top.get("limits")));
        }
        Timeouts timeouts = top.containsKey("timeouts") ? timeouts(top.get("timeouts")) : Timeouts.DEFAULTS;
        b.timeouts(timeouts);
        List<ProviderConfig> providers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String section : List.of("openai-compatibility", "providers")) {
            List<Node> entries = yaml.sequence(top.get(section), section);
            for (int i = 0; i < entries.size(); i++) {
                String path = index(section, i);
                ProviderConfig p = section.equals("providers")
                        ? provider(entries.get(i), path, null, GENERIC, timeouts.connect())
                        : provider(entries.get(i), path, "openai-compatible", COMPAT, timeouts.connect());
                if (p == null) {
                    continue;
                }
                if (!names.add(p.name()) || p.name().equals("echo")) {
                    yaml.problem(entries.get(i), path + ".name", "the name '" + p.name() + "' is already used");
                } else {
                    providers.add(p);
                }
            }
        }
        for (String[] section : new String[][] {{"claude-api-key", "claude"}, {"gemini-api-key", "gemini"}}) {
            for (ProviderConfig p : keySection(top.get(section[0]), section[0], section[1], timeouts.connect())) {
                if (!names.add(p.name())) {
                    yaml.problem(top.get(section[0]), section[0], "the provider name '" + p.name()
                            + "' is already used by another entry; give this prefix another value");
                } else {
                    providers.add(p);
                }
            }
        }
        return b.providers(providers).build();
    }

    /**
     * A list of single-key entries ({@code claude-api-key}, {@code gemini-api-key}). Entries with the same prefix
     * form one provider, named after the type ({@code claude}) or the type and prefix ({@code claude-team-a}), whose
     * credentials are the entries, each with its own base URL, proxy, headers and models.
     */
    private List<ProviderConfig> keySection(Node node, String section, String type, Duration connectTimeout) {
        Map<String, String> prefixOf = new java.util.LinkedHashMap<>();
        Map<String, List<Credential>> keysOf = new java.util.LinkedHashMap<>();
        List<Node> entries = yaml.sequence(node, section);
        for (int i = 0; i < entries.size(); i++) {
            String path = index(section, i);
            Map<String, Node> e = yaml.mapping(entries.get(i), path, KEY_SECTION_ENTRY);
            String key = yaml.string(e.get("api-key"), join(path, "api-key"));
            if (key == null || key.isBlank()) {
                yaml.problem(entries.get(i), join(path, "api-key"), "required: the provider key");
                continue;
            }
            String prefix = yaml.string(e.get("prefix"), join(path, "prefix"));
            prefix = prefix == null || prefix.isBlank() ? null : prefix.strip();
            if (prefix != null && !prefix.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                yaml.problem(e.get("prefix"), join(path, "prefix"), "use letters, digits, '.', '_' and '-' only, was \""
                        + prefix + "\"");
                continue;
            }
            String name = prefix == null ? type : type + "-" + prefix;
            prefixOf.put(name, prefix);
            List<Credential> keys = keysOf.computeIfAbsent(name, n -> new ArrayList<>());
            keys.add(new Credential(name + "#" + keys.size(), Secret.of(key.strip()),
                    url(e.get("base-url"), join(path, "base-url")), url(e.get("proxy-url"), join(path, "proxy-url")),
                    headers(e.get("headers"), join(path, "headers")), models(e.get("models"), join(path, "models")),
                    strings(e.get("excluded-models"), join(path, "excluded-models"))));
        }
        List<ProviderConfig> out = new ArrayList<>();
        keysOf.forEach((name, keys) -> out.add(ProviderConfig.builder(name, type).prefix(prefixOf.get(name))
                .credentials(keys).connectTimeout(connectTimeout).build()));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    private Limits limits(Node node) {
        Map<String, Node> m = yaml.mapping(node, "limits", LIMITS);
        Long max = yaml.size(m.get("max-request-body"), "limits.max-request-body");
        if (max != null && max < 1) {
            yaml.problem(m.get("max-request-body"), "limits.max-request-body", "must be at least 1 byte");
            max = null;
        }
        return max == null ? Limits.DEFAULTS : new Limits(max);
    }

    private Timeouts timeouts(Node node) {
        Map<String, Node> m = yaml.mapping(node, "timeouts", TIMEOUTS);
        Duration connect = yaml.duration(m.get("connect"), "timeouts.connect");
        Duration firstByte = yaml.duration(m.get("first-byte"), "timeouts.first-byte");
        Duration idle = yaml.duration(m.get("idle"), "timeouts.idle");
        return new Timeouts(connect != null ? connect : Timeouts.DEFAULTS.connect(),
                firstByte != null ? firstByte : Timeouts.DEFAULTS.firstByte(),
                idle != null ? idle : Timeouts.DEFAULTS.idle());
    }

    /** One provider entry; {@code fixedType} is null when the entry names its own {@code type}. */
    private ProviderConfig provider(Node node, String path, String fixedType, Set<String> keys,
            Duration connectTimeout) {
        Map<String, Node> m = yaml.mapping(node, path, keys);
        String type = fixedType != null ? fixedType : yaml.string(m.get("type"), join(path, "type"));
        if (type == null || type.isBlank()) {
            yaml.problem(node, join(path, "type"), "required: the provider type, such as 'openai-compatible'");
            return null;
        }
        String name = yaml.string(m.get("name"), join(path, "name"));
        if (name == null || name.isBlank()) {
            yaml.problem(node, join(path, "name"), "required: a unique name for this upstream, such as 'deepseek'");
            return null;
        }
        name = name.strip();
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            yaml.problem(m.get("name"), join(path, "name"), "use letters, digits, '.', '_' and '-' only, was \""
                    + name + "\"");
            return null;
        }
        ProviderConfig.Builder b = ProviderConfig.builder(name, type.strip()).connectTimeout(connectTimeout);
        b.options(yaml.stringMap(m.get("options"), join(path, "options")));
        URI baseUrl = url(m.get("base-url"), join(path, "base-url"));
        if (baseUrl != null) {
            b.baseUrl(baseUrl);
        }
        String prefix = yaml.string(m.get("prefix"), join(path, "prefix"));
        if (prefix != null && !prefix.isBlank()) {
            if (prefix.contains("/")) {
                yaml.problem(m.get("prefix"), join(path, "prefix"), "must not contain '/', was \"" + prefix + "\"");
            }
            b.prefix(prefix.strip());
        }
        b.headers(headers(m.get("headers"), join(path, "headers")));
        b.models(models(m.get("models"), join(path, "models")));
        b.excludedModels(strings(m.get("excluded-models"), join(path, "excluded-models")));
        b.credentials(credentials(name, m, path));
        return b.build();
    }

    private List<Credential> credentials(String provider, Map<String, Node> m, String path) {
        List<Credential> out = new ArrayList<>();
        List<Node> entries = yaml.sequence(m.get("api-key-entries"), join(path, "api-key-entries"));
        for (int i = 0; i < entries.size(); i++) {
            String entryPath = index(join(path, "api-key-entries"), i);
            Map<String, Node> e = yaml.mapping(entries.get(i), entryPath, KEY_ENTRY);
            String key = yaml.string(e.get("api-key"), join(entryPath, "api-key"));
            if (key != null && key.isBlank()) {
                yaml.problem(e.get("api-key"), join(entryPath, "api-key"), "must not be empty");
                key = null;
            }
            out.add(new Credential(provider + "#" + out.size(), key == null ? null : Secret.of(key.strip()),
                    url(e.get("base-url"), join(entryPath, "base-url")),
                    url(e.get("proxy-url"), join(entryPath, "proxy-url")),
                    headers(e.get("headers"), join(entryPath, "headers")),
                    models(e.get("models"), join(entryPath, "models")),
                    strings(e.get("excluded-models"), join(entryPath, "excluded-models"))));
        }
        // the older shorthand: a plain list of keys
        List<Node> plain = yaml.sequence(m.get("api-keys"), join(path, "api-keys"));
        for (int i = 0; i < plain.size(); i++) {
            String key = yaml.string(plain.get(i), index(join(path, "api-keys"), i));
            if (key == null || key.isBlank()) {
                yaml.problem(plain.get(i), index(join(path, "api-keys"), i), "must not be empty");
            } else {
                out.add(new Credential(provider + "#" + out.size(), Secret.of(key.strip()), null, null, null, null,
                        null));
            }
        }
        if (out.isEmpty()) {
            // a local upstream such as Ollama needs no key
            out.add(new Credential(provider + "#0", null, null, null, null, null, null));
        }
        return out;
    }

    private List<ModelMapping> models(Node node, String path) {
        List<ModelMapping> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = index(path, i);
            Map<String, Node> m = yaml.mapping(items.get(i), itemPath, MODEL);
            String name = yaml.string(m.get("name"), join(itemPath, "name"));
            if (name == null || name.isBlank()) {
                yaml.problem(items.get(i), join(itemPath, "name"), "required: the upstream's model id");
                continue;
            }
            String alias = yaml.string(m.get("alias"), join(itemPath, "alias"));
            out.add(new ModelMapping(name.strip(), alias == null ? null : alias.strip()));
        }
        return out;
    }

    private List<String> strings(Node node, String path) {
        List<String> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String s = yaml.string(items.get(i), index(path, i));
            if (s != null && !s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    private Map<String, String> headers(Node node, String path) {
        Map<String, String> headers = yaml.stringMap(node, path);
        for (String name : headers.keySet()) {
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                yaml.problem(node, join(path, name), "this header is set by the HTTP client and cannot be configured");
            } else if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                yaml.problem(node, join(path, name), "not a valid header name");
            }
        }
        return headers;
    }

    private URI url(Node node, String path) {
        String text = yaml.string(node, path);
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                yaml.problem(node, path, "not an http(s) URL: \"" + text + "\"");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            yaml.problem(node, path, "not a URL: \"" + text + "\"");
            return null;
        }
    }
}
