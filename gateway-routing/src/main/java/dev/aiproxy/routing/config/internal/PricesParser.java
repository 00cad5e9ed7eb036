package dev.aiproxy.routing.config.internal;

import static dev.aiproxy.routing.config.internal.YamlNodes.index;
import static dev.aiproxy.routing.config.internal.YamlNodes.join;

import dev.aiproxy.routing.config.ModelPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads prices in US dollars per million tokens: the config's {@code prices:} list, and the price table shipped in
 * the jar (a block per provider naming its pricing page and when it was read, then its models). A price that is
 * negative or not a number is a problem at its line.
 */
public final class PricesParser {
    private static final Set<String> ENTRY = Set.of("model", "input", "output", "cached-input", "cache-write");
    private static final Set<String> PRICE = Set.of("input", "output", "cached-input", "cache-write");
    private static final Set<String> BLOCK = Set.of("page", "read", "note", "models");

    private final YamlNodes yaml;

    public PricesParser(YamlNodes yaml) {
        this.yaml = yaml;
    }

    /** {@code prices: [{model, input, output, cached-input, cache-write}]}; a broken entry is left out. */
    public List<ModelPrice> entries(Node node, String path) {
        List<ModelPrice> out = new ArrayList<>();
        List<Node> items = yaml.sequence(node, path);
        for (int i = 0; i < items.size(); i++) {
            String itemPath = index(path, i);
            Map<String, Node> m = yaml.mapping(items.get(i), itemPath, ENTRY);
            String model = yaml.string(m.get("model"), join(itemPath, "model"));
            if (model == null || model.isBlank()) {
                yaml.problem(items.get(i), join(itemPath, "model"), "required: the model's name or a glob");
                continue;
            }
            ModelPrice price = price(model.strip(), m, items.get(i), itemPath);
            if (price != null) {
                out.add(price);
            }
        }
        return out;
    }

    /**
     * The shipped table: {@code provider: {page, read, note, models: {name: {input, output, ...}}}}. Each block must
     * name its pricing page and when it was read.
     */
    public List<ModelPrice> table(Node root) {
        List<ModelPrice> out = new ArrayList<>();
        if (!(root instanceof MappingNode providers)) {
            yaml.problem(root, "", "expected a mapping of provider blocks");
            return out;
        }
        for (NodeTuple block : providers.getValue()) {
            String provider = yaml.string(block.getKeyNode(), "");
            if (provider == null) {
                continue;
            }
            Map<String, Node> b = yaml.mapping(block.getValueNode(), provider, BLOCK);
            for (String required : List.of("page", "read")) {
                String value = yaml.string(b.get(required), join(provider, required));
                if (value == null || value.isBlank()) {
                    yaml.problem(block.getValueNode(), join(provider, required), "required: "
                            + (required.equals("page") ? "the provider's public pricing page" : "when it was read"));
                }
            }
            if (!(b.get("models") instanceof MappingNode models)) {
                yaml.problem(block.getValueNode(), join(provider, "models"), "expected a mapping of model: prices");
                continue;
            }
            for (NodeTuple entry : models.getValue()) {
                String model = yaml.string(entry.getKeyNode(), join(provider, "models"));
                if (model == null || model.isBlank()) {
                    continue;
                }
                String path = join(join(provider, "models"), model);
                ModelPrice price = price(model.strip(), yaml.mapping(entry.getValueNode(), path, PRICE),
                        entry.getValueNode(), path);
                if (price != null) {
                    out.add(price);
                }
            }
        }
        return out;
    }

    private ModelPrice price(String model, Map<String, Node> m, Node node, String path) {
        int before = yaml.problems().size();
        BigDecimal input = amount(m.get("input"), join(path, "input"));
        BigDecimal output = amount(m.get("output"), join(path, "output"));
        BigDecimal cachedInput = amount(m.get("cached-input"), join(path, "cached-input"));
        BigDecimal cacheWrite = amount(m.get("cache-write"), join(path, "cache-write"));
        if (input == null && !m.containsKey("input")) {
            yaml.problem(node, join(path, "input"), "required: US dollars per million input tokens");
        }
        if (output == null && !m.containsKey("output")) {
            yaml.problem(node, join(path, "output"), "required: US dollars per million output tokens");
        }
        if (yaml.problems().size() > before || input == null || output == null) {
            return null;
        }
        return new ModelPrice(model, input, output, cachedInput, cacheWrite);
    }

    private BigDecimal amount(Node node, String path) {
        return yaml.dollars(node, path);
    }
}
