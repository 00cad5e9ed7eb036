package dev.aiproxy.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.echo.EchoProviderFactory;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.translate.Codecs;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The library on the module path: code in another module reaches only the packages a module exports, and the
 * ServiceLoader wiring ({@code uses} in routing, {@code provides} in providers) works without META-INF/services.
 * The rest of the suite runs on the class path, so this test builds its own module path from where the project's
 * modules and their third-party dependencies were loaded.
 */
class ModuleBoundariesTest {
    private static final List<String> PROJECT_MODULES = List.of("dev.aiproxy.api", "dev.aiproxy.translate",
            "dev.aiproxy.providers", "dev.aiproxy.bedrock", "dev.aiproxy.routing", "dev.aiproxy.server",
            "dev.aiproxy.vertex");

    @TempDir
    Path dir;

    /** Each project module (a jar, or target/classes in an IDE) and each third-party jar they require. */
    private static List<Path> modulePath() {
        return Stream.<Class<?>>of(ProviderFactory.class, Codecs.class, EchoProviderFactory.class, Gateway.class,
                        GatewayServer.class, ObjectMapper.class, JsonParser.class, JsonProperty.class, Yaml.class,
                        Retry.class, RateLimiter.class, IntervalFunction.class,
                        com.github.benmanes.caffeine.cache.Caffeine.class,
                        // gateway-vertex, which the server ships, and the Google auth modules it requires by name:
                        // on the class path beside these modules its factory would implement the class path's
                        // ProviderFactory, not this layer's
                        dev.aiproxy.vertex.VertexAiProviderFactory.class, com.google.auth.Credentials.class,
                        com.google.auth.oauth2.GoogleCredentials.class,
                        // gateway-bedrock and the AWS jars it requires (automatic modules)
                        dev.aiproxy.bedrock.BedrockProviderFactory.class,
                        software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.class,
                        software.amazon.awssdk.http.auth.spi.signer.HttpSigner.class,
                        software.amazon.awssdk.identity.spi.AwsCredentialsIdentity.class,
                        software.amazon.awssdk.http.SdkHttpRequest.class,
                        software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.class,
                        software.amazon.awssdk.regions.Region.class,
                        software.amazon.awssdk.core.exception.SdkException.class,
                        software.amazon.awssdk.eventstream.Message.class)
                .map(ModuleBoundariesTest::location)
                .distinct()
                .toList();
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file location for " + type.getName(), e);
        }
    }

    /** Compiles module {@code probe} from its module-info and one class; returns the compiler's errors. */
    private List<String> compileProbe(String requires, String probeClass) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("probe"));
        Path moduleInfo = Files.writeString(src.resolve("module-info.java"),
                "module probe {\n" + requires + "    exports probe;\n}\n");
        Path probe = Files.writeString(src.resolve("probe/Probe.java"), probeClass);
        String modulePath = modulePath().stream().map(Path::toString)
                .collect(Collectors.joining(System.getProperty("path.separator")));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
            // in process, javac would otherwise take this JVM's class path, which holds every module's classes too
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, List.of());
            List<String> options = List.of("--module-path", modulePath, "-d", dir.resolve("out").toString(),
                    "-proc:none");
            javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(moduleInfo, probe)).call();
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(Locale.ROOT))
                .toList();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "dev.aiproxy.translate, dev.aiproxy.translate.internal.json.Json",
        "dev.aiproxy.routing, dev.aiproxy.routing.config.internal.YamlNodes",
        "dev.aiproxy.routing, dev.aiproxy.routing.internal.dispatch.UpstreamDispatcher",
        "dev.aiproxy.server, dev.aiproxy.server.internal.ClientAuthenticator",
    })
    void anotherModuleCannotImportAnInternalClass(String module, String internalClass) throws IOException {
        String requires = Stream.of("dev.aiproxy.routing", module).distinct()
                .map(name -> "    requires " + name + ";\n").collect(Collectors.joining());
        String probe = "package probe;\n\nimport " + internalClass + ";\n\npublic class Probe {\n"
                + "    public static String name() {\n"
                + "        return " + internalClass.substring(internalClass.lastIndexOf('.') + 1)
                + ".class.getName();\n    }\n}\n";

        List<String> errors = compileProbe(requires, probe);

        String pkg = internalClass.substring(0, internalClass.lastIndexOf('.'));
        assertThat(errors).anySatisfy(error -> assertThat(error)
                .contains("package " + pkg + " is not visible")
                .contains("declared in module " + module + ", which does not export it"));
    }

    @Test
    void anotherModuleCompilesAgainstTheExportedTypesAndFindsTheProvidersThroughUsesAndProvides() throws Exception {
        String requires = "    requires dev.aiproxy.routing;\n";
        String probe = """
                package probe;

                import dev.aiproxy.api.model.ChatRequest;
                import dev.aiproxy.routing.Gateway;
                import dev.aiproxy.routing.config.GatewayConfig;

                public class Probe {
                    public static String ask(String question) {
                        try (Gateway gateway = Gateway.create(GatewayConfig.builder().build())) {
                            return gateway.chat(ChatRequest.builder().model("echo").user(question).build()).text();
                        }
                    }
                }
                """;

        List<String> errors = compileProbe(requires, probe);

        assertThat(errors).isEmpty();
        // no META-INF/services is read for a named module: echo is found only through `uses` and `provides`
        ModuleFinder finder = ModuleFinder.of(Stream.concat(modulePath().stream(), Stream.of(dir.resolve("out")))
                .toArray(Path[]::new));
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("probe"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getSystemClassLoader());
        ClassLoader loader = layer.findLoader("probe");
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        Object answer;
        try {
            answer = loader.loadClass("probe.Probe").getMethod("ask", String.class).invoke(null, "hi");
        } finally {
            thread.setContextClassLoader(context);
        }
        assertThat(layer.findModule("dev.aiproxy.providers")).as("bound as a provider of ProviderFactory")
                .isPresent();
        assertThat(layer.findModule("dev.aiproxy.bedrock")).as("bound as a provider of ProviderFactory")
                .isPresent();
        assertThat(answer).isEqualTo("hi");
    }

    @Test
    void routingDeclaresThatItUsesProviderFactoryAndProvidersProvidesTheServiceFileFactories() throws IOException {
        ModuleFinder finder = ModuleFinder.of(modulePath().toArray(Path[]::new));

        ModuleDescriptor routing = finder.find("dev.aiproxy.routing").orElseThrow().descriptor();
        ModuleDescriptor providers = finder.find("dev.aiproxy.providers").orElseThrow().descriptor();

        assertThat(routing.uses()).contains(ProviderFactory.class.getName());
        assertThat(providers.provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo(ProviderFactory.class.getName());
            assertThat(provides.providers()).containsExactlyInAnyOrderElementsOf(serviceFileEntries(finder));
        });
    }

    /** The class-path registration, which the module's {@code provides} must match. */
    private static List<String> serviceFileEntries(ModuleFinder finder) throws IOException {
        String file = "META-INF/services/" + ProviderFactory.class.getName();
        try (ModuleReader reader = finder.find("dev.aiproxy.providers").orElseThrow().open();
                InputStream in = reader.open(file).orElseThrow(() -> new AssertionError("no " + file))) {
            return new String(in.readAllBytes(), UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .toList();
        }
    }

    @Test
    void noModuleExportsAnInternalPackage() {
        ModuleFinder finder = ModuleFinder.of(modulePath().toArray(Path[]::new));

        for (String name : PROJECT_MODULES) {
            ModuleDescriptor descriptor = finder.find(name).map(ModuleReference::descriptor)
                    .orElseThrow(() -> new AssertionError("module " + name + " is not on the module path"));
            assertThat(descriptor.isAutomatic()).as(name + " has a module-info").isFalse();
            assertThat(descriptor.exports()).as(name + " exports")
                    .allSatisfy(exports -> assertThat(exports.source()).doesNotContain("internal"));
            // the one opening allowed: a package of JSON answer records to Jackson, which reads them reflectively
            assertThat(descriptor.opens()).as(name + " opens").allSatisfy(opens ->
                    assertThat(opens.targets()).containsExactly("com.fasterxml.jackson.databind"));
        }
    }
}
