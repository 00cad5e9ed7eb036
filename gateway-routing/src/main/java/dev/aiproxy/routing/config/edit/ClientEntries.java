package dev.aiproxy.routing.config.edit;

import static java.util.Objects.requireNonNull;

import dev.aiproxy.routing.config.SystemPrompt;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code clients:} list of a config file or of the clients file, edited in its {@link YamlDocument}: entries are
 * found by {@code name}, and only the keys a change names are touched, so hand-written comments and settings stay. A
 * key is written only as its SHA-256 ({@code key-hash}). Not thread-safe.
 */
public final class ClientEntries {
    private final YamlDocument document;

    public ClientEntries(YamlDocument document) {
        this.document = requireNonNull(document, "document");
    }

    /** The names of the entries, in file order. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Node item : items()) {
            if (item instanceof MappingNode m && YamlDocument.get(m, "name") instanceof ScalarNode name) {
                out.add(name.getValue().strip());
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return find(name) != null;
    }

    /**
     * Adds a client at the end of the list.
     *
     * @throws IllegalArgumentException when an entry has that name
     */
    public void add(String name, String keyHash, List<String> allowedModels) {
        if (contains(name)) {
            throw new IllegalArgumentException("a client named '" + name + "' exists in " + document.fileName());
        }
        MappingNode entry = YamlDocument.emptyMapping();
        YamlDocument.put(entry, "name", YamlDocument.scalar(name));
        YamlDocument.put(entry, "key-hash", YamlDocument.scalar(keyHash));
        YamlDocument.put(entry, "allowed-models", YamlDocument.strings(allowedModels));
        // the list a composed or built node holds is its own, mutable one (snakeyaml has no setter for it)
        YamlDocument.list(document.root(), "clients", document.fileName()).getValue().add(entry);
    }

    /**
     * Replaces a client's key by another's hash; a plaintext {@code key} is removed.
     *
     * @throws IllegalArgumentException when no entry has that name
     */
    public void setKeyHash(String name, String keyHash) {
        MappingNode entry = require(name);
        if (YamlDocument.get(entry, "key") != null) {
            YamlDocument.remove(entry, "key");
        }
        YamlDocument.put(entry, "key-hash", YamlDocument.scalar(keyHash));
    }

    /**
     * Changes the settings an update names.
     *
     * @throws IllegalArgumentException when no entry has that name
     */
    public void update(String name, ClientUpdate update) {
        MappingNode entry = require(name);
        set(entry, "allowed-models", update.allowedModels(), YamlDocument::strings);
        set(entry, "provider", update.provider(), YamlDocument::scalar);
        set(entry, "system-prompt", update.systemPrompt(), ClientEntries::prompt);
        set(entry, "base-url", update.baseUrl(), url -> YamlDocument.scalar(url.toString()));
        if (update.requestsPerMinute() != null || update.tokensPerMinute() != null) {
            MappingNode limits = nested(entry, "rate-limit");
            // 0 is the default, no limit: written as no key at all
            set(limits, "requests-per-minute", positive(update.requestsPerMinute()), YamlDocument::number);
            set(limits, "tokens-per-minute", positive(update.tokensPerMinute()), YamlDocument::number);
            dropWhenEmpty(entry, "rate-limit", limits);
        }
        if (update.dailyUsd() != null || update.monthlyUsd() != null) {
            MappingNode budget = nested(entry, "budget");
            set(budget, "daily-usd", update.dailyUsd(), YamlDocument::number);
            set(budget, "monthly-usd", update.monthlyUsd(), YamlDocument::number);
            dropWhenEmpty(entry, "budget", budget);
        }
    }

    /**
     * Removes a client.
     *
     * @throws IllegalArgumentException when no entry has that name
     */
    public void remove(String name) {
        MappingNode entry = require(name);
        ((SequenceNode) YamlDocument.get(document.root(), "clients")).getValue().remove(entry);
    }

    private static Node prompt(SystemPrompt prompt) {
        if (prompt.mode() == SystemPrompt.Mode.PREPEND) {
            return YamlDocument.scalar(prompt.text());
        }
        MappingNode m = YamlDocument.emptyMapping();
        YamlDocument.put(m, "mode", YamlDocument.scalar(prompt.mode().name().toLowerCase(Locale.ROOT)));
        YamlDocument.put(m, "text", YamlDocument.scalar(prompt.text()));
        return m;
    }

    private static <T extends Number> Optional<T> positive(Optional<T> change) {
        return change == null ? null : change.filter(n -> n.longValue() > 0);
    }

    /** Leaves the key when {@code change} is null, removes it when empty, else sets it. */
    private static <T> void set(MappingNode entry, String key, Optional<T> change, Function<T, Node> node) {
        if (change == null) {
            return;
        }
        if (change.isPresent()) {
            YamlDocument.put(entry, key, node.apply(change.get()));
        } else {
            YamlDocument.remove(entry, key);
        }
    }

    private static MappingNode nested(MappingNode entry, String key) {
        if (YamlDocument.get(entry, key) instanceof MappingNode m) {
            return m;
        }
        MappingNode m = YamlDocument.emptyMapping();
        YamlDocument.put(entry, key, m);
        return m;
    }

    private static void dropWhenEmpty(MappingNode entry, String key, MappingNode value) {
        if (value.getValue().isEmpty()) {
            YamlDocument.remove(entry, key);
        }
    }

    private MappingNode require(String name) {
        MappingNode entry = find(name);
        if (entry == null) {
            throw new IllegalArgumentException("no client named '" + name + "' in " + document.fileName());
        }
        return entry;
    }

    private MappingNode find(String name) {
        for (Node item : items()) {
            if (item instanceof MappingNode m && YamlDocument.get(m, "name") instanceof ScalarNode n
                    && n.getValue().strip().equals(name)) {
                return m;
            }
        }
        return null;
    }

    private List<Node> items() {
        return YamlDocument.get(document.root(), "clients") instanceof SequenceNode s ? s.getValue() : List.of();
    }
}
