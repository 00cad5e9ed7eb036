package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.translate.testing.Changes;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The config file is rewritten under steady traffic, sometimes badly: no request fails, bad files are refused. */
class HotReloadTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());
    /** Signalled after each reload and each request served: what the conditions below wait for. */
    private final Changes changes = new Changes();

    private String config(int version) {
        return """
                echo: false
                openai-compatibility:
                  - name: pool
                    base-url: %s/v1
                    api-key-entries:
                      - api-key: sk-a
                      - api-key: sk-b-%d
                    models:
                      - name: gpt-4o-mini
                        alias: m
                      - name: gpt-4o
                        alias: v%d
                """.formatted(upstream.baseUrl(), version, version);
    }

    @Test
    void twentyRewritesUnderSteadyTrafficFailNoRequest(@TempDir Path dir) throws Exception {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(Fixtures.bytes("openai/chat-completion.json"))));
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, config(0));
        LoadedConfig loaded = loader.load(file);
        BlockingQueue<ReloadOutcome> outcomes = new LinkedBlockingQueue<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicInteger served = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        int rejected = 0;
        try (Gateway gateway = Gateway.create(loaded.config());
                ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway, loaded, loader, c -> c, outcome -> {
                    outcomes.add(outcome);
                    changes.signal();
                }, Duration.ofMillis(100))) {
            List<Thread> clients = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    while (running.get()) {
                        try {
                            gateway.chat(ChatRequest.builder().model("m").user("hi").build());
                            served.incrementAndGet();
                            changes.signal();
                        } catch (RuntimeException e) {
                            failures.add(e);
                        }
                    }
                }));
            }

            for (int version = 1; version <= 20; version++) {
                int v = version;
                if (version % 5 == 0) {
                    awaitQuiet(outcomes);
                    Files.writeString(file, "echo: false\nopenai-compatibility:\n  - name: pool\n    base-url: htp://x\n");
                    ReloadOutcome outcome = nextOfKind(outcomes, ReloadOutcome.Kind.REJECTED);
                    assertThat(outcome.problems()).extracting(Object::toString)
                            .anyMatch(p -> p.contains("gateway.yaml:4: openai-compatibility[0].base-url"));
                    rejected++;
                } else if (version % 2 == 0) {
                    Path temp = dir.resolve("gateway.yaml.tmp");
                    Files.writeString(temp, config(v));
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    changes.awaitUntil(Duration.ofSeconds(10), () -> hasModel(gateway, "v" + v),
                            "model v" + v + " live");
                } else {
                    Files.writeString(file, config(v));
                    changes.awaitUntil(Duration.ofSeconds(10), () -> hasModel(gateway, "v" + v),
                            "model v" + v + " live");
                }
                int before = served.get();
                changes.awaitUntil(Duration.ofSeconds(10), () -> served.get() > before + 5,
                        "requests served after v" + v);
            }
            // the last write was refused; the live config is version 19's: writing it again changes nothing
            awaitQuiet(outcomes);
            Files.writeString(file, config(19));
            nextOfKind(outcomes, ReloadOutcome.Kind.UNCHANGED);

            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertThat(hasModel(gateway, "v19")).as("the last valid file is live").isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(rejected).isEqualTo(4);
        assertThat(served.get()).isGreaterThan(100);
    }

    @Test
    void keepsTheRunningConfigWhenTheFileIsRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, config(1));
        LoadedConfig loaded = loader.load(file);
        try (Gateway gateway = Gateway.create(loaded.config());
                ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway, loaded, loader, c -> c,
                        o -> { }, Duration.ofMillis(50))) {
            Files.writeString(file, "port: [unclosed\n");

            ReloadOutcome outcome = watcher.reloadNow();

            assertThat(outcome.kind()).isEqualTo(ReloadOutcome.Kind.REJECTED);
            assertThat(outcome.message()).contains("the running config stays").contains("gateway.yaml:");
            assertThat(gateway.config()).isSameAs(loaded.config());
        }
    }

    /** Lets reloads of earlier writes finish, and forgets their outcomes. */
    private static void awaitQuiet(BlockingQueue<ReloadOutcome> outcomes) throws InterruptedException {
        while (outcomes.poll(300, TimeUnit.MILLISECONDS) != null) {
            // an earlier write's reload, or a second event of it
        }
    }

    private static ReloadOutcome nextOfKind(BlockingQueue<ReloadOutcome> outcomes, ReloadOutcome.Kind kind)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ReloadOutcome outcome = outcomes.poll(100, TimeUnit.MILLISECONDS);
            if (outcome != null && outcome.kind() == kind) {
                return outcome;
            }
        }
        throw new AssertionError("no " + kind + " reload within 10 s");
    }

    private static boolean hasModel(Gateway gateway, String model) {
        return gateway.models().stream().anyMatch(m -> m.id().equals(model));
    }
}
