package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.routing.config.Budget;
import dev.aiproxy.routing.config.ClientConfig;
import dev.aiproxy.routing.config.SystemPrompt;
import dev.aiproxy.routing.config.ClientKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code clients:} entries, in the config file or in the clients file that {@code gateway keys create} writes.
 * A plaintext {@code key} is hashed here and forgotten; only its SHA-256 is kept, and no message repeats it.
 */
public final class ClientsParser {
    private static final Set<String> CLIENT = Set.of("name", "key", "key-hash", "allowed-models", "provider",
            "system-prompt", "base-url", "rate-limit", "budget");
    private static final Set<String> BUDGET = Set.of("daily-usd", "monthly-usd");
    private static final Set<String> RATE_LIMIT = Set.of("requests-per-minute", "tokens-per-minute");

    private final YamlNodes yaml;

    public ClientsParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** The entries of a {@code clients:} list; a broken entry is reported and left out. */
    public List<ClientConfig> parse(Node node, String path) {
        List<ClientConfig> out = new ArrayList<>();
        List<Node> entries = yaml.sequence(node, path);
        for (int i = 0; i < entries.size(); i++) {
            ClientConfig client = client(entries.get(i), index(path, i));
            if (client != null) {
                out.add(client);
            }
        }
        return out;
    }

    private ClientConfig client(Node node, String path) {
        Map<String, Node> m = yaml.mapping(node, path, CLIENT);
        String name = yaml.string(m.get("name"), join(path, "name"));
        if (name == null || name.isBlank()) {
            yaml.problem(node, join(path, "name"), "required: a name for this client, such as 'team-a'");
            return null;
        }
        String hash = keyHash(node, m, path);
        List<String> models = m.containsKey("allowed-models")
                ? yaml.strings(m.get("allowed-models"), join(path, "allowed-models")) : List.of("*");
        String provider = yaml.string(m.get("provider"), join(path, "provider"));
        Map<String, Node> limits = m.containsKey("rate-limit")
                ? yaml.mapping(m.get("rate-limit"), join(path, "rate-limit"), RATE_LIMIT) : Map.of();
        Integer rpm = yaml.integer(limits.get("requests-per-minute"), join(path, "rate-limit.requests-per-minute"),
                0, 1_000_000);
        Integer tpm = yaml.integer(limits.get("tokens-per-minute"), join(path, "rate-limit.tokens-per-minute"), 0,
                Integer.MAX_VALUE);
        Budget budget = budget(yaml, m.get("budget"), join(path, "budget"));
        if (hash == null) {
            return null;
        }
        return new ClientConfig(name.strip(), hash, models, provider == null || provider.isBlank() ? null
                : provider.strip(), SystemPrompts.parse(yaml, m.get("system-prompt"), join(path, "system-prompt")),
                yaml.url(m.get("base-url"), join(path, "base-url")), rpm == null ? 0 : rpm, tpm == null ? 0 : tpm,
                budget);
    }

    /** {@code budget: {daily-usd, monthly-usd}}: a client's, or the gateway's; {@link Budget#NONE} when absent. */
    public static Budget budget(YamlNodes yaml, Node node, String path) {
        if (node == null) {
            return Budget.NONE;
        }
        Map<String, Node> m = yaml.mapping(node, path, BUDGET);
        return new Budget(yaml.dollars(m.get("daily-usd"), join(path, "daily-usd")),
                yaml.dollars(m.get("monthly-usd"), join(path, "monthly-usd")));
    }

    /** {@code key} (plaintext, hashed now) or {@code key-hash} (hex SHA-256, as {@code gateway keys create} stores). */
    private String keyHash(Node node, Map<String, Node> m, String path) {
        String key = yaml.string(m.get("key"), join(path, "key"));
        String hash = yaml.string(m.get("key-hash"), join(path, "key-hash"));
        if ((key == null) == (hash == null)) {
            yaml.problem(node, path, "needs exactly one of 'key' or 'key-hash'");
            return null;
        }
        if (key != null) {
            if (key.isBlank()) {
                yaml.problem(m.get("key"), join(path, "key"), "must not be empty");
                return null;
            }
            return ClientKeys.hash(key.strip());
        }
        String hex = hash.strip().toLowerCase(Locale.ROOT);
        if (hex.startsWith("sha256:")) {
            hex = hex.substring(7);
        }
        if (!hex.matches("[0-9a-f]{64}")) {
            yaml.problem(m.get("key-hash"), join(path, "key-hash"), "expected a SHA-256 in hex (64 characters)");
            return null;
        }
        return hex;
    }

}
