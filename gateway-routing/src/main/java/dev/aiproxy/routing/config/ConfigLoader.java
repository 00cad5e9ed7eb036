package dev.aiproxy.routing.config;

import dev.aiproxy.api.Secret;
import dev.aiproxy.routing.config.internal.ConfigParser;
import dev.aiproxy.routing.config.internal.YamlNodes;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/** Loads the YAML config file into a {@link GatewayConfig}. Stateless and thread-safe. */
public final class ConfigLoader {
    private final Map<String, String> env;

    private ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** A loader that expands {@code ${VAR}} from the process environment. */
    public static ConfigLoader withSystemEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /** A loader that expands {@code ${VAR}} from the given map. */
    public static ConfigLoader withEnvironment(Map<String, String> env) {
        return new ConfigLoader(env);
    }

    /**
     * Reads and validates a file.
     *
     * @throws ConfigException listing every problem, each with file, line and key
     * @throws UncheckedIOException when the file cannot be read
     */
    public LoadedConfig load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.getFileName().toString(), file.toAbsolutePath());
    }

    /**
     * Validates YAML text.
     *
     * @param fileName names the source in messages
     * @param source recorded in the result, or null
     * @throws ConfigException listing every problem
     */
    public LoadedConfig parse(byte[] yamlBytes, String fileName, Path source) {
        String sha256 = HexFormat.of().formatHex(Secret.sha256(yamlBytes));
        YamlNodes nodes = new YamlNodes(fileName, env);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(4 * 1024 * 1024);
            root = new Yaml(new SafeConstructor(options)).compose(
                    new StringReader(new String(yamlBytes, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(List.of(new ConfigProblem(fileName, line, "",
                    "not valid YAML: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, 0, "", "not valid YAML: " + e.getMessage())));
        }
        GatewayConfig config;
        try {
            config = new ConfigParser(nodes).parse(root, source);
        } catch (IllegalArgumentException e) {
            nodes.problem(root, "", e.getMessage());
            config = null;
        }
        if (!nodes.problems().isEmpty() || config == null) {
            throw new ConfigException(nodes.problems());
        }
        return new LoadedConfig(config, nodes.warnings(), sha256);
    }
}
