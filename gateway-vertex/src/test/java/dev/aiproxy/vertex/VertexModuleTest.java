package dev.aiproxy.vertex;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.providers.http.UpstreamHttp;
import dev.aiproxy.translate.Codecs;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * gateway-vertex on the module path, as an application with a module-info would use it: it exports its public
 * package only, and its factory is found through {@code provides}, the same one its META-INF/services names for the
 * class path (the rest of the tests run on the class path).
 */
class VertexModuleTest {

    /** This module (target/classes) and the modules it requires, where they were loaded from. */
    private static ModuleFinder modulePath() {
        return ModuleFinder.of(Stream.<Class<?>>of(VertexAiProviderFactory.class, ProviderFactory.class,
                        UpstreamHttp.class, Codecs.class, ObjectMapper.class, JsonParser.class, JsonProperty.class,
                        Credentials.class, GoogleCredentials.class)
                .map(VertexModuleTest::location).distinct().toArray(Path[]::new));
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no file location for " + type.getName(), e);
        }
    }

    @Test
    void exportsItsPublicPackageOnlyAndProvidesTheFactoryItsServiceFileNames() throws IOException {
        ModuleDescriptor vertex = modulePath().find("dev.aiproxy.vertex").orElseThrow().descriptor();

        assertThat(vertex.isAutomatic()).isFalse();
        assertThat(vertex.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.aiproxy.vertex");
        assertThat(vertex.provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo(ProviderFactory.class.getName());
            assertThat(provides.providers()).containsExactlyElementsOf(serviceFileEntries());
        });
    }

    @Test
    void itsFactoryIsFoundThroughProvidesInAModuleLayer() throws ReflectiveOperationException {
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(modulePath(), ModuleFinder.of(), Set.of("dev.aiproxy.vertex"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getPlatformClassLoader());

        // the layer has its own ProviderFactory (gateway-api loaded again, as a named module)
        Class<?> service = layer.findLoader("dev.aiproxy.api").loadClass(ProviderFactory.class.getName());
        List<String> types = new ArrayList<>();
        for (Object factory : ServiceLoader.load(layer, service)) {
            types.add((String) service.getMethod("type").invoke(factory));
        }

        assertThat(types).contains(VertexAiProviderFactory.TYPE);
        assertThat(layer.findModule("com.google.auth.oauth2")).as("Google's auth library, an automatic module")
                .isPresent();
    }

    private static List<String> serviceFileEntries() throws IOException {
        String file = "META-INF/services/" + ProviderFactory.class.getName();
        try (ModuleReader reader = modulePath().find("dev.aiproxy.vertex").orElseThrow().open();
                InputStream in = reader.open(file).orElseThrow(() -> new AssertionError("no " + file))) {
            return new String(in.readAllBytes(), UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }
}
