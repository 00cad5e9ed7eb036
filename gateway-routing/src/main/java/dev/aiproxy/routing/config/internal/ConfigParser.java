package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.CaCertificates;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.CredentialPolicy;
import dev.aiproxy.api.spi.ErrorRule;
import dev.aiproxy.api.spi.ModelMapping;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.ModelRefresh;
import dev.aiproxy.routing.config.HealthCheck;
import dev.aiproxy.routing.config.HttpAccess;
import dev.aiproxy.routing.config.Limits;
import dev.aiproxy.routing.config.Management;
import dev.aiproxy.routing.config.MetricsSettings;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.routing.config.RoutingStrategy;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.config.Streaming;
import dev.aiproxy.routing.config.CacheSettings;
import dev.aiproxy.routing.config.StateSettings;
import dev.aiproxy.routing.config.Timeouts;
import dev.aiproxy.routing.config.LogSettings;
import dev.aiproxy.routing.config.UsageSettings;
import java.net.URI;
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
            "openai-compatibility", "azure-openai", "providers", "openai-api-key", "claude-api-key", "gemini-api-key", "routing", "request-retry",
            "max-retry-credentials", "max-retry-interval", "disable-cooling", "transient-error-cooldown-seconds",
            "force-model-prefix", "fallbacks", "clients", "clients-file", "remote-management", "payload",
            "allowed-hosts", "allowed-origins", "streaming", "tls", "prices", "budget", "usage", "metrics",
            "logging", "shutdown-grace", "models-refresh", "cache", "state");
    private static final Set<String> USAGE = Set.of("store", "retention-days", "queue-capacity");
    private static final Set<String> LOGGING = Set.of("format", "file", "max-size", "files");
    private static final Set<String> STREAMING = Set.of("keepalive-seconds");
    private static final Set<String> CACHE = Set.of("ttl", "max-bytes", "models", "clients");
    private static final Set<String> STATE = Set.of("url", "timeout");
    private static final Set<String> METRICS = Set.of("public");
    private static final Set<String> TLS = Set.of("ca-file");
    private static final Set<String> MANAGEMENT = Set.of("secret-key", "allow-remote", "disable-control-panel");
    private static final Set<String> ROUTING = Set.of("strategy");
    /** What routing knows about one key, wherever keys are listed. */
    private static final Set<String> KEY_POLICY = Set.of("weight", "disable-cooling", "request-retry",
            "request-scoped-errors", "disabled");
    private static final Set<String> HEALTH_CHECK = Set.of("interval", "model");
    private static final Set<String> ERROR_RULE = Set.of("status", "match", "match-regexr", "match-regex", "action");
    /**
     * An {@code openai-api-key} / {@code claude-api-key} / {@code gemini-api-key} entry: one key with its own
     * settings, as in CLIProxyAPI.
     */
    private static final Set<String> KEY_SECTION_ENTRY = union(Set.of("api-key", "base-url", "prefix", "proxy-url",
            "headers", "models", "excluded-models", "system-prompt", "ca-file", "health-check", "models-refresh"),
            KEY_POLICY);
    private static final Set<String> LIMITS = Set.of("max-request-body", "max-response-body", "max-stream-event",
            "max-remembered-answer", "max-conversation-store");
    /** The largest array the JDK allocates; a limit on what is read into one array cannot exceed it. */
    private static final long ARRAY_LIMIT = Integer.MAX_VALUE - 8;
    private static final Set<String> TIMEOUTS = Set.of("connect", "first-byte", "idle", "total");
    private static final Set<String> COMPAT = Set.of("name", "base-url", "prefix", "headers", "api-key-entries",
            "api-keys", "models", "excluded-models", "system-prompt", "ca-file", "health-check", "models-refresh");
    /**
     * An {@code azure-openai} entry: the keys of an OpenAI-compatible one (its {@code base-url} is the resource's
     * endpoint, its models the deployments) plus the Azure provider's two options, written as keys of their own.
     */
    private static final List<String> AZURE_OPTIONS = List.of("api-version", "auth");
    private static final Set<String> AZURE = union(COMPAT, Set.copyOf(AZURE_OPTIONS));
    /**
     * An {@code openai-compatibility} entry: the OpenAI-compatible provider's {@code api} option (Chat Completions or
     * Responses) written as a key of its own.
     */
    private static final String API_OPTION = "api";
    private static final Set<String> OPENAI_COMPAT = union(COMPAT, Set.of(API_OPTION));
    /** The options an entry may write as keys of their own; a section's key set says which it takes. */
    private static final List<String> ENTRY_OPTIONS = List.of("api-version", "auth", API_OPTION);
    /** A provider of any type, such as a third party's: the same keys plus the type and its options. */
    private static final Set<String> GENERIC = union(COMPAT, Set.of("type", "options"));
    private static final Set<String> KEY_ENTRY = union(Set.of("api-key", "base-url", "proxy-url", "headers", "models",
            "excluded-models"), KEY_POLICY);
    private static final Set<String> MODEL = Set.of("name", "alias");
    /** The OpenAI-compatible factory's option naming the preset an entry takes when its name is not one. */
    private static final String PRESET_OPTION = "preset";
    /** Headers the upstream transport sets itself and refuses to take from a caller (framing, connections). */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final YamlNodes yaml;
    /** The system prompts of provider entries, by entry name, as they are read. */
    private final Map<String, SystemPrompt> prompts = new java.util.LinkedHashMap<>();
    /** The health checks of provider entries, by entry name, as they are read. */
    private final Map<String, HealthCheck> healthChecks = new java.util.LinkedHashMap<>();
    /** The {@code models-refresh} of provider entries that set one, by entry name, as they are read. */
    private final Map<String, Duration> modelRefresh = new java.util.LinkedHashMap<>();
    /** The {@code ca-file} settings, read as they come; made for each {@link #parse}. */
    private CaFiles caFiles;
    /** {@code tls.ca-file}: trusted by every provider entry, on top of the JDK's default trust and its own. */
    private CaCertificates globalCa = CaCertificates.NONE;

    public ConfigParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The {@code clients-file} the config names, as written, or null. */
    public static String clientsFile(YamlNodes yaml, Node root) {
        if (!(root instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            return null;
        }
        for (org.yaml.snakeyaml.nodes.NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && k.getValue().equals("clients-file")) {
                return yaml.string(t.getValueNode(), "clients-file");
            }
        }
        return null;
    }

    /** Reads the whole document; problems are collected in the {@link YamlNodes}. Null when the root is unusable. */
    public GatewayConfig parse(Node root, Path source) {
        GatewayConfig.Builder b = GatewayConfig.builder().source(source);
        caFiles = new CaFiles(yaml, source);
        globalCa = CaCertificates.NONE;
        if (root == null) {
            return b.build();
        }
        Map<String, Node> top = yaml.mapping(root, "", TOP);
        if (top.containsKey("tls")) {
            globalCa = caFiles.read(yaml.mapping(top.get("tls"), "tls", TLS).get("ca-file"), "tls.ca-file");
        }
        String host = yaml.string(top.get("host"), "host");
        if (host != null) {
            b.host(host.isBlank() ? "0.0.0.0" : host.trim());
        }
        Integer port = yaml.integer(top.get("port"), "port", 0, 65535);
        if (port != null) {
            b.port(port);
        }
        List<Node> keys = yaml.sequence(top.get("api-keys"), "api-keys");
        for (int i = 0; i < keys.size(); i++) {
            String key = yaml.string(keys.get(i), index("api-keys", i));
            if (key == null || key.isBlank()) {
                yaml.problem(keys.get(i), index("api-keys", i), "a client key must not be empty");
            } else {
                b.addClientKey(key.strip());
            }
        }
        List<ClientConfig> clients = new ClientsParser(yaml).parse(top.get("clients"), "clients");
        clients.forEach(b::addClient);
        if (top.containsKey("remote-management")) {
            Map<String, Node> management = yaml.mapping(top.get("remote-management"), "remote-management", MANAGEMENT);
            String secret = yaml.string(management.get("secret-key"), "remote-management.secret-key");
            String hash = null;
            if (secret != null && !secret.isBlank()) {
                String s = secret.strip();
                hash = s.startsWith("sha256:") ? s.substring(7).toLowerCase(Locale.ROOT) : ClientKeys.hash(s);
                if (!hash.matches("[0-9a-f]{64}")) {
                    yaml.problem(management.get("secret-key"), "remote-management.secret-key",
                            "a 'sha256:' secret must be followed by 64 hex digits");
                    hash = null;
                }
            }
            Boolean allowRemote = yaml.bool(management.get("allow-remote"), "remote-management.allow-remote");
            Boolean noPanel = yaml.bool(management.get("disable-control-panel"),
                    "remote-management.disable-control-panel");
            b.management(new Management(hash, Boolean.TRUE.equals(allowRemote), !Boolean.TRUE.equals(noPanel)));
        }
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
        if (top.containsKey("streaming")) {
            b.streaming(streaming(top.get("streaming")));
        }
        if (top.containsKey("state")) {
            b.state(state(top.get("state")));
        }
        if (top.containsKey("cache")) {
            b.cache(cache(top.get("cache")));
        }
        b.access(new HttpAccess(checked(top.get("allowed-hosts"), "allowed-hosts", HttpAccess::host),
                checked(top.get("allowed-origins"), "allowed-origins", HttpAccess::origin)));
        Timeouts timeouts = top.containsKey("timeouts") ? timeouts(top.get("timeouts")) : Timeouts.DEFAULTS;
        b.timeouts(timeouts);
        b.resilience(resilience(top));
        b.payload(new PayloadRulesParser(yaml).parse(top.get("payload")));
        b.prices(new PricesParser(yaml).entries(top.get("prices"), "prices"));
        b.budget(ClientsParser.budget(yaml, top.get("budget"), "budget"));
        if (top.containsKey("usage")) {
            b.usage(usage(top.get("usage")));
        }
        if (top.containsKey("metrics")) {
            Map<String, Node> metrics = yaml.mapping(top.get("metrics"), "metrics", METRICS);
            b.metrics(new MetricsSettings(Boolean.TRUE.equals(yaml.bool(metrics.get("public"), "metrics.public"))));
        }
        if (top.containsKey("logging")) {
            b.logging(logging(top.get("logging")));
        }
        Duration grace = yaml.duration(top.get("shutdown-grace"), "shutdown-grace");
        if (grace != null) {
            b.shutdownGrace(grace);
        }
        List<ProviderConfig> providers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String section : List.of("openai-compatibility", "azure-openai", "providers")) {
            List<Node> entries = yaml.sequence(top.get(section), section);
            for (int i = 0; i < entries.size(); i++) {
                String path = index(section, i);
                ProviderConfig p = switch (section) {
                    case "providers" -> provider(entries.get(i), path, null, GENERIC, timeouts.connect());
                    case "azure-openai" -> provider(entries.get(i), path, "azure-openai", AZURE, timeouts.connect());
                    default -> provider(entries.get(i), path, "openai-compatible", OPENAI_COMPAT, timeouts.connect());
                };
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
        // section, provider name, provider type: the seeds' schema keeps OpenAI keys beside the other two
        for (String[] section : new String[][] {{"openai-api-key", "openai", "openai-compatible"},
                {"claude-api-key", "claude", "claude"}, {"gemini-api-key", "gemini", "gemini"}}) {
            for (ProviderConfig p : keySection(top.get(section[0]), section[0], section[1], section[2],
                    timeouts.connect())) {
                if (!names.add(p.name())) {
                    yaml.problem(top.get(section[0]), section[0], "the provider name '" + p.name()
                            + "' is already used by another entry; give this prefix another value");
                } else {
                    providers.add(p);
                }
            }
        }
        if (providers.isEmpty()) {
            refuseUnknownSections(root);
        }
        healthChecks.keySet().retainAll(providers.stream().map(ProviderConfig::name).toList());
        modelRefresh.keySet().retainAll(providers.stream().map(ProviderConfig::name).toList());
        Duration every = refreshInterval(top.get("models-refresh"), "models-refresh");
        b.modelRefresh(new ModelRefresh(every == null ? ModelRefresh.DEFAULT_EVERY : every, modelRefresh));
        return b.providers(providers).providerPrompts(prompts).healthChecks(healthChecks).build();
    }

    /**
     * A file that configures no provider but has unknown top-level keys most likely misspells its provider section
     * ({@code claude-api-keys}, {@code openai-compatible}): starting with nothing would look like success, so each
     * unknown key is a problem rather than the warning it is otherwise.
     */
    private void refuseUnknownSections(Node root) {
        if (!(root instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            return;
        }
        for (org.yaml.snakeyaml.nodes.NodeTuple t : mapping.getValue()) {
            if (t.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && !TOP.contains(k.getValue())) {
                yaml.problem(k, k.getValue(), "unknown key, and no provider is configured: is this a misspelt "
                        + "provider section? Known sections: openai-compatibility, azure-openai, openai-api-key, "
                        + "claude-api-key, gemini-api-key, providers");
            }
        }
    }

    /** A list of strings, each passed through {@code check}; one it refuses is a problem at its line, and left out. */
    private List<String> checked(Node node, String path, java.util.function.UnaryOperator<String> check) {
        List<String> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String item = yaml.string(items.get(i), index(path, i));
            if (item == null) {
                continue;
            }
            try {
                out.add(check.apply(item));
            } catch (IllegalArgumentException e) {
                yaml.problem(items.get(i), index(path, i), e.getMessage());
            }
        }
        return out;
    }

    /** The {@code ca-file}s the last {@link #parse} read, with their bytes: part of what the config is made of. */
    public Map<Path, byte[]> caFilesRead() {
        return caFiles == null ? Map.of() : caFiles.files();
    }

    /**
     * A list of single-key entries ({@code openai-api-key}, {@code claude-api-key}, {@code gemini-api-key}). Entries
     * with the same prefix form one provider, named {@code base} ({@code claude}) or base and prefix
     * ({@code claude-team-a}), whose credentials are the entries, each with its own base URL, proxy, headers and
     * models. OpenAI's entries take the {@code openai} preset (its URL and models) whatever their prefix.
     */
    private List<ProviderConfig> keySection(Node node, String section, String base, String type,
            Duration connectTimeout) {
        Map<String, String> prefixOf = new java.util.LinkedHashMap<>();
        Map<String, List<Credential>> keysOf = new java.util.LinkedHashMap<>();
        Map<String, CaCertificates> caOf = new java.util.LinkedHashMap<>();
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
            String name = prefix == null ? base : base + "-" + prefix;
            prefixOf.put(name, prefix);
            SystemPrompt prompt = SystemPrompts.parse(yaml, e.get("system-prompt"), join(path, "system-prompt"));
            if (prompt != null && prompts.containsKey(name) && !prompts.get(name).equals(prompt)) {
                yaml.problem(e.get("system-prompt"), join(path, "system-prompt"), "entries with the same prefix form "
                        + "one provider ('" + name + "') and must have the same system prompt");
            } else if (prompt != null) {
                prompts.put(name, prompt);
            }
            HealthCheck check = healthCheck(e.get("health-check"), join(path, "health-check"));
            if (check != null && healthChecks.containsKey(name) && !healthChecks.get(name).equals(check)) {
                yaml.problem(e.get("health-check"), join(path, "health-check"), "entries with the same prefix form "
                        + "one provider ('" + name + "') and must have the same health check");
            } else if (check != null) {
                healthChecks.put(name, check);
            }
            Duration refresh = refreshInterval(e.get("models-refresh"), join(path, "models-refresh"));
            if (refresh != null && modelRefresh.containsKey(name) && !modelRefresh.get(name).equals(refresh)) {
                yaml.problem(e.get("models-refresh"), join(path, "models-refresh"), "entries with the same prefix "
                        + "form one provider ('" + name + "') and must have the same models-refresh");
            } else if (refresh != null) {
                modelRefresh.put(name, refresh);
            }
            if (e.containsKey("ca-file")) {
                CaCertificates ca = caFiles.read(e.get("ca-file"), join(path, "ca-file"));
                if (caOf.containsKey(name) && !caOf.get(name).equals(ca)) {
                    yaml.problem(e.get("ca-file"), join(path, "ca-file"), "entries with the same prefix form one "
                            + "provider ('" + name + "') and must trust the same ca-file");
                } else {
                    caOf.put(name, ca);
                }
            }
            List<Credential> keys = keysOf.computeIfAbsent(name, n -> new ArrayList<>());
            keys.add(new Credential(name + "#" + keys.size(), Secret.of(key.strip()),
                    yaml.url(e.get("base-url"), join(path, "base-url")),
                    ProxyUrls.read(yaml, e.get("proxy-url"), join(path, "proxy-url")),
                    headers(e.get("headers"), join(path, "headers")), models(e.get("models"), join(path, "models")),
                    yaml.strings(e.get("excluded-models"), join(path, "excluded-models")), policy(e, path)));
        }
        List<ProviderConfig> out = new ArrayList<>();
        keysOf.forEach((name, keys) -> {
            ProviderConfig.Builder p = ProviderConfig.builder(name, type).prefix(prefixOf.get(name))
                    .credentials(keys).connectTimeout(connectTimeout)
                    .caCertificates(globalCa.and(caOf.getOrDefault(name, CaCertificates.NONE)));
            if (type.equals("openai-compatible")) {
                p.option(PRESET_OPTION, base);
            }
            out.add(p.build());
        });
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    private Limits limits(Node node) {
        Map<String, Node> m = yaml.mapping(node, "limits", LIMITS);
        Limits d = Limits.DEFAULTS;
        return Limits.builder()
                .maxRequestBodyBytes(limit(m, "max-request-body", d.maxRequestBodyBytes(), Long.MAX_VALUE))
                .maxResponseBodyBytes(limit(m, "max-response-body", d.maxResponseBodyBytes(), ARRAY_LIMIT))
                .maxStreamEventBytes(limit(m, "max-stream-event", d.maxStreamEventBytes(), ARRAY_LIMIT))
                .maxRememberedAnswerBytes(limit(m, "max-remembered-answer", d.maxRememberedAnswerBytes(),
                        Long.MAX_VALUE))
                .maxConversationStoreBytes(limit(m, "max-conversation-store", d.maxConversationStoreBytes(),
                        Long.MAX_VALUE))
                .build();
    }

    /** One {@code limits.<key>} size, or its default when absent or out of range (a problem is then reported). */
    private long limit(Map<String, Node> m, String key, long fallback, long max) {
        String path = join("limits", key);
        Long value = yaml.size(m.get(key), path);
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            yaml.problem(m.get(key), path, value < 1 ? "must be at least 1 byte"
                    : "must be at most " + max + " bytes (it is held in one array)");
            return fallback;
        }
        return value;
    }

    /** {@code usage: {store, retention-days, queue-capacity}}; the store's form is checked where it is opened. */
    private UsageSettings usage(Node node) {
        Map<String, Node> m = yaml.mapping(node, "usage", USAGE);
        UsageSettings d = UsageSettings.DEFAULTS;
        String store = yaml.string(m.get("store"), "usage.store");
        if (store != null && store.isBlank()) {
            yaml.problem(m.get("store"), "usage.store", "expected sqlite:PATH, none, or a postgresql:// URL");
            store = null;
        }
        Integer days = yaml.integer(m.get("retention-days"), "usage.retention-days", 0, 36_500);
        Integer capacity = yaml.integer(m.get("queue-capacity"), "usage.queue-capacity", 1, 10_000_000);
        return new UsageSettings(store != null ? store.strip() : d.store(), days != null ? days : d.retentionDays(),
                capacity != null ? capacity : d.queueCapacity());
    }

    /** {@code logging: {format, file, max-size, files}}: the request log. */
    private LogSettings logging(Node node) {
        Map<String, Node> m = yaml.mapping(node, "logging", LOGGING);
        LogSettings d = LogSettings.DEFAULTS;
        LogSettings.Format format = d.format();
        String text = yaml.string(m.get("format"), "logging.format");
        if (text != null) {
            switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "text" -> format = LogSettings.Format.TEXT;
                case "json" -> format = LogSettings.Format.JSON;
                default -> yaml.problem(m.get("format"), "logging.format", "expected text or json, got \"" + text
                        + "\"");
            }
        }
        String file = yaml.string(m.get("file"), "logging.file");
        if (file != null && file.isBlank()) {
            yaml.problem(m.get("file"), "logging.file", "expected a file path; leave the key out for standard error");
            file = null;
        }
        Long size = yaml.size(m.get("max-size"), "logging.max-size");
        if (size != null && (size < 1024 || size > Integer.MAX_VALUE)) {
            yaml.problem(m.get("max-size"), "logging.max-size", "must be from 1KiB to 2GiB, got " + size + " bytes");
            size = null;
        }
        Integer files = yaml.integer(m.get("files"), "logging.files", 1, 1000);
        return new LogSettings(format, file == null ? null : Path.of(file.strip()),
                size != null ? size : d.maxSizeBytes(), files != null ? files : d.files());
    }

    private Streaming streaming(Node node) {
        Map<String, Node> m = yaml.mapping(node, "streaming", STREAMING);
        Integer seconds = yaml.integer(m.get("keepalive-seconds"), "streaming.keepalive-seconds", 0, 3600);
        return seconds == null ? Streaming.DEFAULTS : new Streaming(Duration.ofSeconds(seconds));
    }

    /** {@code state: redis://...} or {@code state: {url, timeout}}; the store's form is checked where it is opened. */
    private StateSettings state(Node node) {
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode) {
            return new StateSettings(stateUrl(node), null);
        }
        Map<String, Node> m = yaml.mapping(node, "state", STATE);
        Duration timeout = yaml.duration(m.get("timeout"), "state.timeout");
        return new StateSettings(m.containsKey("url") ? stateUrl(m.get("url")) : null, timeout);
    }

    private String stateUrl(Node node) {
        String url = yaml.string(node, "state.url");
        if (url != null && !url.isBlank() && !url.strip().contains("://")) {
            // the value is not echoed: it may hold a password
            yaml.problem(node, "state.url", "expected a URL such as redis://host:6379 or rediss://:password@host:6380");
            return null;
        }
        return url == null ? null : url.strip();
    }

    private CacheSettings cache(Node node) {
        Map<String, Node> m = yaml.mapping(node, "cache", CACHE);
        Duration ttl = yaml.duration(m.get("ttl"), "cache.ttl");
        if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
            yaml.problem(m.get("ttl"), "cache.ttl", "must be positive, got " + ttl);
            ttl = null;
        }
        Long maxBytes = yaml.size(m.get("max-bytes"), "cache.max-bytes");
        if (maxBytes != null && maxBytes < 1024) {
            yaml.problem(m.get("max-bytes"), "cache.max-bytes", "must be at least 1KiB, got " + maxBytes + " bytes");
            maxBytes = null;
        }
        List<String> models = m.containsKey("models") ? yaml.strings(m.get("models"), "cache.models") : List.of();
        List<String> clients = m.containsKey("clients") ? yaml.strings(m.get("clients"), "cache.clients") : List.of();
        if (models.isEmpty() && clients.isEmpty()) {
            yaml.warn(node, "cache", "names no models and no clients: nothing is cached (the cache is opt-in)");
        }
        return new CacheSettings(ttl != null ? ttl : CacheSettings.DEFAULT_TTL,
                maxBytes != null ? maxBytes : CacheSettings.DEFAULT_MAX_BYTES, models, clients);
    }

    private Timeouts timeouts(Node node) {
        Map<String, Node> m = yaml.mapping(node, "timeouts", TIMEOUTS);
        Duration connect = yaml.duration(m.get("connect"), "timeouts.connect");
        Duration firstByte = yaml.duration(m.get("first-byte"), "timeouts.first-byte");
        Duration idle = yaml.duration(m.get("idle"), "timeouts.idle");
        Duration total = yaml.duration(m.get("total"), "timeouts.total");
        return new Timeouts(connect != null ? connect : Timeouts.DEFAULTS.connect(),
                firstByte != null ? firstByte : Timeouts.DEFAULTS.firstByte(),
                idle != null ? idle : Timeouts.DEFAULTS.idle(),
                total != null ? total : Timeouts.DEFAULTS.total());
    }

    /** The top-level retry, cooldown, strategy and fallback keys. */
    private Resilience resilience(Map<String, Node> top) {
        Resilience d = Resilience.DEFAULTS;
        RoutingStrategy strategy = d.strategy();
        if (top.containsKey("routing")) {
            Map<String, Node> routing = yaml.mapping(top.get("routing"), "routing", ROUTING);
            String name = yaml.string(routing.get("strategy"), "routing.strategy");
            if (name != null) {
                try {
                    strategy = RoutingStrategy.fromId(name.strip());
                } catch (IllegalArgumentException e) {
                    yaml.problem(routing.get("strategy"), "routing.strategy", e.getMessage());
                }
            }
        }
        Integer retry = yaml.integer(top.get("request-retry"), "request-retry", 0, 100);
        Integer maxCredentials = yaml.integer(top.get("max-retry-credentials"), "max-retry-credentials", 0, 10_000);
        Integer maxInterval = yaml.integer(top.get("max-retry-interval"), "max-retry-interval", -1, 86_400);
        Boolean disableCooling = yaml.bool(top.get("disable-cooling"), "disable-cooling");
        Integer transientSeconds = yaml.integer(top.get("transient-error-cooldown-seconds"),
                "transient-error-cooldown-seconds", -1, 86_400);
        Boolean forcePrefix = yaml.bool(top.get("force-model-prefix"), "force-model-prefix");
        return new Resilience(strategy, retry != null ? retry : d.requestRetry(),
                maxCredentials != null ? maxCredentials : d.maxRetryCredentials(),
                maxInterval != null ? Duration.ofSeconds(Math.max(0, maxInterval)) : d.maxRetryInterval(),
                disableCooling != null ? disableCooling : d.disableCooling(),
                transientSeconds == null ? d.transientCooldown()
                        : transientSeconds < 0 ? Duration.ZERO
                        // CLIProxyAPI reads 0 as its legacy 60 seconds; so does this gateway, for configs brought over
                        : Duration.ofSeconds(transientSeconds == 0 ? 60 : transientSeconds),
                forcePrefix != null ? forcePrefix : d.forceModelPrefix(), fallbacks(top.get("fallbacks")));
    }

    /** {@code fallbacks: {model: [next, after-that]}}. */
    private Map<String, List<String>> fallbacks(Node node) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof org.yaml.snakeyaml.nodes.MappingNode mapping)) {
            yaml.problem(node, "fallbacks", "expected a mapping of model: [fallback models]");
            return out;
        }
        for (org.yaml.snakeyaml.nodes.NodeTuple tuple : mapping.getValue()) {
            String model = yaml.string(tuple.getKeyNode(), "fallbacks");
            if (model == null || model.isBlank()) {
                continue;
            }
            List<String> chain = yaml.strings(tuple.getValueNode(), join("fallbacks", model));
            if (chain.contains(model)) {
                yaml.problem(tuple.getValueNode(), join("fallbacks", model), "a model cannot fall back to itself");
            }
            out.put(model.strip(), chain);
        }
        return out;
    }

    /** The routing policy of one key: {@code weight}, {@code disable-cooling}, {@code request-retry}, rules. */
    private CredentialPolicy policy(Map<String, Node> entry, String path) {
        Integer weight = yaml.integer(entry.get("weight"), join(path, "weight"), 0, 1_000_000);
        Boolean disableCooling = yaml.bool(entry.get("disable-cooling"), join(path, "disable-cooling"));
        Integer retry = yaml.integer(entry.get("request-retry"), join(path, "request-retry"), -1, 100);
        List<ErrorRule> rules = new ArrayList<>();
        List<Node> items = yaml.sequence(entry.get("request-scoped-errors"), join(path, "request-scoped-errors"));
        for (int i = 0; i < items.size(); i++) {
            ErrorRule rule = errorRule(items.get(i), index(join(path, "request-scoped-errors"), i));
            if (rule != null) {
                rules.add(rule);
            }
        }
        Boolean disabled = yaml.bool(entry.get("disabled"), join(path, "disabled"));
        return new CredentialPolicy(weight != null ? weight : 1, disableCooling,
                retry == null || retry < 0 ? null : retry, rules, Boolean.TRUE.equals(disabled));
    }

    /** A provider entry's {@code health-check: {interval, model}}, or null when it has none (the default). */
    /** A {@code models-refresh} value: a duration, or {@code off} (also {@code 0}) for {@link Duration#ZERO}. */
    private Duration refreshInterval(Node node, String path) {
        String text = yaml.string(node, path);
        if (text == null) {
            return null;
        }
        if (text.strip().equalsIgnoreCase("off") || text.strip().equals("0")) {
            return Duration.ZERO;
        }
        return yaml.duration(node, path);
    }

    private HealthCheck healthCheck(Node node, String path) {
        if (node == null) {
            return null;
        }
        Map<String, Node> m = yaml.mapping(node, path, HEALTH_CHECK);
        Duration interval = yaml.duration(m.get("interval"), join(path, "interval"));
        if (interval == null) {
            yaml.problem(node, join(path, "interval"), "required: how often each key is checked, such as 60s");
            return null;
        }
        if (interval.compareTo(HealthCheck.MIN_INTERVAL) < 0) {
            yaml.problem(m.get("interval"), join(path, "interval"), "must be at least 5s, was " + interval);
            return null;
        }
        return new HealthCheck(interval, yaml.string(m.get("model"), join(path, "model")));
    }

    private ErrorRule errorRule(Node node, String path) {
        Map<String, Node> m = yaml.mapping(node, path, ERROR_RULE);
        Integer status = yaml.integer(m.get("status"), join(path, "status"), 100, 599);
        String action = yaml.string(m.get("action"), join(path, "action"));
        if (status == null) {
            yaml.problem(node, join(path, "status"), "required: the HTTP status the rule matches");
            return null;
        }
        List<java.util.regex.Pattern> patterns = new ArrayList<>();
        for (String key : List.of("match-regexr", "match-regex")) {
            for (String regex : yaml.strings(m.get(key), join(path, key))) {
                try {
                    patterns.add(java.util.regex.Pattern.compile(regex));
                } catch (java.util.regex.PatternSyntaxException e) {
                    yaml.problem(m.get(key), join(path, key), "not a regular expression: \"" + regex + "\"");
                }
            }
        }
        ErrorRule.Action parsed;
        try {
            parsed = ErrorRule.Action.valueOf((action == null ? "" : action.strip()).toUpperCase(Locale.ROOT)
                    .replace('-', '_'));
        } catch (IllegalArgumentException e) {
            yaml.problem(m.getOrDefault("action", node), join(path, "action"), "expected stop, stop-and-cooldown, "
                    + "continue or continue-and-cooldown, got \"" + action + "\"");
            return null;
        }
        return new ErrorRule(status, yaml.strings(m.get("match"), join(path, "match")), patterns, parsed);
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
        SystemPrompt prompt = SystemPrompts.parse(yaml, m.get("system-prompt"), join(path, "system-prompt"));
        if (prompt != null) {
            prompts.put(name, prompt);
        }
        HealthCheck check = healthCheck(m.get("health-check"), join(path, "health-check"));
        if (check != null) {
            healthChecks.put(name, check);
        }
        Duration refresh = refreshInterval(m.get("models-refresh"), join(path, "models-refresh"));
        if (refresh != null) {
            modelRefresh.put(name, refresh);
        }
        ProviderConfig.Builder b = ProviderConfig.builder(name, type.strip()).connectTimeout(connectTimeout);
        b.options(yaml.stringMap(m.get("options"), join(path, "options")));
        // only a section whose keys include them gets them in m: azure-openai's api-version and auth, and
        // openai-compatibility's api
        for (String option : ENTRY_OPTIONS) {
            String value = yaml.string(m.get(option), join(path, option));
            if (value != null && !value.isBlank()) {
                b.option(option, value.strip());
            }
        }
        URI baseUrl = yaml.url(m.get("base-url"), join(path, "base-url"));
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
        b.excludedModels(yaml.strings(m.get("excluded-models"), join(path, "excluded-models")));
        b.caCertificates(globalCa.and(caFiles.read(m.get("ca-file"), join(path, "ca-file"))));
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
                    yaml.url(e.get("base-url"), join(entryPath, "base-url")),
                    ProxyUrls.read(yaml, e.get("proxy-url"), join(entryPath, "proxy-url")),
                    headers(e.get("headers"), join(entryPath, "headers")),
                    models(e.get("models"), join(entryPath, "models")),
                    yaml.strings(e.get("excluded-models"), join(entryPath, "excluded-models")), policy(e, entryPath)));
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

    private Map<String, String> headers(Node node, String path) {
        Map<String, String> headers = yaml.stringMap(node, path);
        for (String name : headers.keySet()) {
            if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                yaml.problem(node, join(path, name), "this header is set by the HTTP client and cannot be configured");
            } else if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                yaml.problem(node, join(path, name), "not a valid header name");
            } else if (HeaderReference.isReference(headers.get(name))) {
                try {
                    HeaderReference.parse(headers.get(name));
                } catch (IllegalArgumentException e) {
                    yaml.problem(node, join(path, name), e.getMessage());
                }
            }
        }
        return headers;
    }

}
