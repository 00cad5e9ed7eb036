package dev.aiproxy.server;

import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.ClientsFile;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code gateway keys create|rotate|delete|list}: manages client keys in the clients file beside the config. A new
 * key is printed once, on standard output, and only its SHA-256 is stored; a running gateway picks the change up.
 */
final class KeysCommand {
    private static final int EXIT_USAGE = 64;
    private static final int EXIT_CONFIG = 78;

    private final PrintStream out;
    private final PrintStream err;

    KeysCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int execute(List<String> args, UnaryOperator<Path> configFile) {
        if (args.isEmpty()) {
            err.println("keys: expected create, rotate, delete or list");
            return EXIT_USAGE;
        }
        String action = args.getFirst();
        String name = null;
        String type = "sk-";
        String models = "*";
        Path config = null;
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            if (i + 1 >= args.size()) {
                err.println("keys: option " + option + " needs a value");
                return EXIT_USAGE;
            }
            String value = args.get(++i);
            switch (option) {
                case "--name" -> name = value;
                case "--type" -> type = value;
                case "--models" -> models = value;
                case "--config", "-c" -> config = Path.of(value);
                default -> {
                    err.println("keys: unknown option '" + option + "'");
                    return EXIT_USAGE;
                }
            }
        }
        Path file = configFile.apply(config);
        if (file == null || !Files.isRegularFile(file)) {
            err.println("keys: no config file" + (file == null ? "" : " at " + file) + ": client keys are stored "
                    + "beside it. Create one (cp config.example.yaml config.yaml) or pass --config FILE");
            return EXIT_CONFIG;
        }
        try {
            ClientsFile clients = new ClientsFile(ConfigLoader.withSystemEnvironment().clientsFileOf(file));
            return switch (action) {
                case "create" -> issue(clients, name, type, models, true);
                case "rotate" -> issue(clients, name, type, models, false);
                case "delete" -> {
                    clients.delete(requireName(name));
                    err.println("client '" + name + "' removed from " + clients.path());
                    yield 0;
                }
                case "list" -> {
                    clients.names().forEach(out::println);
                    yield 0;
                }
                default -> {
                    err.println("keys: unknown action '" + action + "' (expected create, rotate, delete or list)");
                    yield EXIT_USAGE;
                }
            };
        } catch (IllegalArgumentException | ConfigException | UncheckedIOException e) {
            err.println("keys: " + e.getMessage());
            return EXIT_CONFIG;
        }
    }

    private int issue(ClientsFile clients, String name, String type, String models, boolean create) {
        ClientKeys.Type keyType = ClientKeys.Type.fromPrefix(type);
        String key = create
                ? clients.create(requireName(name), keyType, Arrays.stream(models.split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList())
                : clients.rotate(requireName(name), keyType);
        out.println(key);
        err.println("client '" + name + "' " + (create ? "created" : "has a new key") + " in " + clients.path()
                + " (only its SHA-256 is stored: copy the key now, it is not shown again)");
        return 0;
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--name is required");
        }
        if (!ClientKeys.isValidName(name)) {
            throw new IllegalArgumentException("--name: use letters, digits, '.', '_' and '-' only, was \"" + name + "\"");
        }
        return name;
    }
}
