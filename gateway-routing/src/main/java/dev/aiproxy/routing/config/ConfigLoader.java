package dev.aiproxy.routing.config;

import dev.aiproxy.api.Secret;
import dev.aiproxy.routing.config.internal.ClientsParser;
import dev.aiproxy.routing.config.internal.ConfigParser;
import dev.aiproxy.routing.config.internal.PricesParser;
import dev.aiproxy.routing.config.internal.YamlNodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads the YAML config file into a {@link GatewayConfig}, with the clients file next to it ({@code clients-file},
 * {@code clients.yaml} by default) when there is one. Stateless and thread-safe.
 */
public final class ConfigLoader {
    /** The clients file's name when the config does not name one. */
    public static final String DEFAULT_CLIENTS_FILE = "clients.yaml";

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
     * Reads and validates a file, and its clients file. A file that is empty or holds only whitespace is refused: it is
     * far more often a write caught halfway (an editor truncates, then writes) or a mistake than a wish for the
     * defaults, and taken as one it would drop every key and provider of a running gateway.
     *
     * @throws ConfigException listing every problem, each with file, line and key
     * @throws UncheckedIOException when the file cannot be read
     */
    public LoadedConfig load(Path file) {
        return load(file, read(file));
    }

    /**
     * Validates bytes about to become a file's contents exactly as {@link #load(Path)} would read them from it: how a
     * change is judged before it is written.
     *
     * @throws ConfigException listing every problem, each with file, line and key
     */
    public LoadedConfig load(Path file, byte[] bytes) {
        String name = file.getFileName().toString();
        if (isBlank(bytes)) {
            throw new ConfigException(List.of(new ConfigProblem(name, 0, "", (bytes.length == 0
                    ? "the file is empty (0 bytes)" : "the file holds only whitespace (" + bytes.length + " bytes)")
                    + "; a config file must configure something (to run on the defaults, start without one)")));
        }
        return parse(bytes, name, file.toAbsolutePath());
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Validates YAML text; with a {@code source}, the clients file beside it is read too.
     *
     * @param fileName names the source in messages
     * @param source recorded in the result, or null
     * @throws ConfigException listing every problem
     */
    public LoadedConfig parse(byte[] yamlBytes, String fileName, Path source) {
        return parse(yamlBytes, fileName, source, Map.of());
    }

    /**
     * Validates YAML text as {@link #parse(byte[], String, Path)} does, with files about to be written read from
     * {@code pending} instead of the disk: how an edit of the clients file is checked before it is written.
     *
     * @param pending the new bytes of files the config reads (its clients file), by absolute path
     * @throws ConfigException listing every problem
     */
    public LoadedConfig parse(byte[] yamlBytes, String fileName, Path source, Map<Path, byte[]> pending) {
        YamlNodes nodes = new YamlNodes(fileName, env);
        Node root = compose(yamlBytes, fileName);
        GatewayConfig config;
        ConfigParser parser = new ConfigParser(nodes);
        try {
            config = parser.parse(root, source);
        } catch (IllegalArgumentException e) {
            nodes.problem(root, "", e.getMessage());
            config = null;
        }
        List<ConfigProblem> problems = new ArrayList<>(nodes.problems());
        List<ConfigProblem> warnings = new ArrayList<>(nodes.warnings());
        List<Path> files = new ArrayList<>();
        if (source != null) {
            files.add(source);
        }
        ByteArrayOutputStream digest = new ByteArrayOutputStream();
        digest.writeBytes(yamlBytes);
        // a renewed CA file is a changed config: its bytes are digested and its directory watched
        parser.caFilesRead().forEach((caFile, bytes) -> {
            digest.write(0);
            digest.writeBytes(bytes);
            files.add(caFile);
        });
        Path clientsFile = clientsFile(nodes, root, source);
        if (clientsFile != null && (pending.containsKey(clientsFile) || Files.isRegularFile(clientsFile))) {
            byte[] clientBytes = pending.containsKey(clientsFile) ? pending.get(clientsFile) : read(clientsFile);
            digest.write(0);
            digest.writeBytes(clientBytes);
            files.add(clientsFile);
            YamlNodes clientNodes = new YamlNodes(clientsFile.getFileName().toString(), env);
            Node clientsRoot = compose(clientBytes, clientsFile.getFileName().toString());
            List<ClientConfig> more = clientsRoot == null ? List.of()
                    : new ClientsParser(clientNodes).parse(clientNodes.mapping(clientsRoot, "", Set.of("clients"))
                            .get("clients"), "clients");
            problems.addAll(clientNodes.problems());
            warnings.addAll(clientNodes.warnings());
            if (config != null && !more.isEmpty()) {
                try {
                    List<ClientConfig> all = new ArrayList<>(config.clients());
                    all.addAll(more);
                    config = config.toBuilder().clients(all).build();
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(clientsFile.getFileName().toString(), 0, "clients", e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty() || config == null) {
            throw new ConfigException(problems);
        }
        return new LoadedConfig(config, warnings, HexFormat.of().formatHex(Secret.sha256(digest.toByteArray())),
                files);
    }

    /** Where the clients file of a config lives: its {@code clients-file}, or {@value #DEFAULT_CLIENTS_FILE} beside it. */
    private static Path clientsFile(YamlNodes nodes, Node root, Path source) {
        if (source == null) {
            return null;
        }
        String named = ConfigParser.clientsFile(nodes, root);
        Path dir = source.toAbsolutePath().getParent();
        return dir.resolve(named == null || named.isBlank() ? DEFAULT_CLIENTS_FILE : named.strip()).normalize();
    }

    /** The clients file a config file uses, whether or not it exists yet (for {@code gateway keys create}). */
    public Path clientsFileOf(Path configFile) {
        YamlNodes nodes = new YamlNodes(configFile.getFileName().toString(), env);
        Node root = compose(read(configFile), configFile.getFileName().toString());
        return clientsFile(nodes, root, configFile.toAbsolutePath());
    }

    /**
     * Reads a price file in the shape of the table shipped in the jar: a block per provider with {@code page},
     * {@code read} and {@code models: {name: {input, output, cached-input, cache-write}}}, in US dollars per million
     * tokens.
     *
     * @throws ConfigException listing every problem, each with file, line and key (a negative or non-numeric price
     *     among them)
     */
    public static List<ModelPrice> readPriceTable(byte[] yamlBytes, String fileName) {
        YamlNodes nodes = new YamlNodes(fileName, Map.of());
        List<ModelPrice> prices = new PricesParser(nodes).table(compose(yamlBytes, fileName));
        if (!nodes.problems().isEmpty()) {
            throw new ConfigException(nodes.problems());
        }
        return prices;
    }

    private static Node compose(byte[] bytes, String fileName) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(4 * 1024 * 1024);
            return new Yaml(new SafeConstructor(options)).compose(
                    new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(List.of(new ConfigProblem(fileName, line, "",
                    "not valid YAML: " + e.getProblem())));
        } catch (RuntimeException e) {
            throw new ConfigException(List.of(new ConfigProblem(fileName, 0, "", "not valid YAML: " + e.getMessage())));
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }
}
