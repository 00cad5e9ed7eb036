package dev.aiproxy.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.aiproxy.api.spi.ProviderFactory;
import dev.aiproxy.routing.state.SharedStateFactory;
import dev.aiproxy.translate.Codecs;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * gateway-redis on the module path, as an application with a module-info would use it: it exports its public package
 * only, and its factory is found through {@code provides}, the same one its META-INF/services names for the class
 * path (the rest of the tests run on the class path).
 */
class RedisModuleTest {

    /** This module (target/classes) and the modules it and gateway-routing require, where they were loaded from. */
    private static ModuleFinder modulePath() {
        return ModuleFinder.of(Stream.<Class<?>>of(RedisSharedStateFactory.class, SharedStateFactory.class,
                        ProviderFactory.class, Codecs.class, ObjectMapper.class, JsonParser.class, JsonProperty.class,
                        Yaml.class, IntervalFunction.class, Retry.class, RateLimiter.class, Caffeine.class,
                        RedisClient.class)
                .map(RedisModuleTest::location).distinct().toArray(Path[]::new));
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
        ModuleDescriptor redis = modulePath().find("dev.aiproxy.redis").orElseThrow().descriptor();

        assertThat(redis.isAutomatic()).isFalse();
        assertThat(redis.exports()).extracting(ModuleDescriptor.Exports::source).containsExactly("dev.aiproxy.redis");
        assertThat(redis.provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo(SharedStateFactory.class.getName());
            assertThat(provides.providers()).containsExactlyElementsOf(serviceFileEntries());
        });
    }

    @Test
    void itsFactoryIsFoundThroughProvidesInAModuleLayer() throws ReflectiveOperationException {
        Configuration configuration = ModuleLayer.boot().configuration()
                .resolveAndBind(modulePath(), ModuleFinder.of(), Set.of("dev.aiproxy.redis"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(configuration,
                ClassLoader.getPlatformClassLoader());

        // the layer has its own SharedStateFactory (gateway-routing loaded again, as a named module)
        Class<?> service = layer.findLoader("dev.aiproxy.routing").loadClass(SharedStateFactory.class.getName());
        List<Object> found = new ArrayList<>();
        ServiceLoader.load(layer, service).forEach(found::add);

        assertThat(found).singleElement().satisfies(factory -> {
            assertThat(factory.getClass().getName()).isEqualTo(RedisSharedStateFactory.class.getName());
            assertThat(service.getMethod("accepts", String.class).invoke(factory, "rediss://cache:6380"))
                    .isEqualTo(true);
        });
        assertThat(layer.findModule("lettuce.core")).as("Lettuce, an automatic module").isPresent();
    }

    private static List<String> serviceFileEntries() throws IOException {
        try (InputStream in = RedisSharedStateFactory.class.getResourceAsStream(
                "/META-INF/services/" + SharedStateFactory.class.getName())) {
            return new String(in.readAllBytes(), UTF_8).lines().map(String::strip).filter(l -> !l.isEmpty())
                    .toList();
        }
    }
}
