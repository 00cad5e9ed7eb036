package dev.aiproxy.server;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.aiproxy.server.FormatUpstreams.answer;
import static dev.aiproxy.server.FormatUpstreams.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.routing.ConfigFileWatcher;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.ReloadOutcome;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.LoadedConfig;
import dev.aiproxy.translate.testing.Fixtures;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload is validated exactly as start-up is: a file that would switch client authentication off on a gateway that
 * listens beyond loopback, or an empty file, is refused, and the running config (and its keys) stays live.
 */
class ReloadKeepsAuthenticationTest {
    private static final String KEY = "gw-reload-client-key";
    private static final String CHAT_BODY = "{\"model\":\"gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    @TempDir
    Path dir;

    private final ConfigLoader loader = ConfigLoader.withEnvironment(Map.of());
    private Path file;
    private Gateway gateway;
    private GatewayServer server;
    private ConfigFileWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
        if (server != null) {
            server.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private String config(String host, boolean keys) {
        return (host == null ? "" : "host: \"" + host + "\"\n") + "port: 0\n"
                + (keys ? "api-keys: [" + KEY + "]\n" : "")
                + """
                openai-compatibility:
                  - name: up
                    base-url: %s/v1
                    api-key-entries:
                      - api-key: sk-upstream-reload
                    models:
                      - name: gpt-4o-mini
                        alias: gpt
                """.formatted(upstream.baseUrl());
    }

    /** Starts as the launcher does; the watcher's own debounce is long, so only {@code reloadNow} reloads. */
    private void start(String yaml) throws Exception {
        file = dir.resolve("gateway.yaml");
        Files.writeString(file, yaml);
        LoadedConfig loaded = loader.load(file);
        gateway = Gateway.create(loaded.config());
        server = GatewayServer.start(gateway);
        watcher = ConfigFileWatcher.start(gateway, loaded, loader, c -> c, outcome -> { }, Duration.ofMinutes(5));
    }

    /** The base URL over an address of this machine that is not loopback, when it has one. */
    private String networkUrl() throws Exception {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return "http://" + address.getHostAddress() + ":" + server.port();
                }
            }
        }
        return server.baseUrl();
    }

    private RawHttp.Response keylessChat() throws Exception {
        return RawHttp.post(networkUrl() + "/v1/chat/completions", CHAT_BODY);
    }

    private void assertKeylessRequestsStillRefused() throws Exception {
        RawHttp.Response r = keylessChat();

        assertThat(r.status()).isEqualTo(401);
        assertThat(ErrorBodies.openAi(r).get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(upstream.findAll(anyRequestedFor(anyUrl()))).as("the provider's key was not spent").isEmpty();
    }

    @Test
    void aReloadThatDropsTheKeysOfANetworkFacingGatewayIsRefused() throws Exception {
        answer(upstream, "/v1/chat/completions", json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(config("", true));
        assertThat(keylessChat().status()).isEqualTo(401);

        Files.writeString(file, config("", false));
        ReloadOutcome outcome = watcher.reloadNow();

        assertThat(outcome.kind()).isEqualTo(ReloadOutcome.Kind.REJECTED);
        assertThat(outcome.message()).contains("the running config stays")
                .contains("listens on 0.0.0.0").contains("no client keys");
        assertThat(gateway.config().clients()).hasSize(1);
        assertKeylessRequestsStillRefused();
    }

    @Test
    void aTruncatedConfigFileIsRefused() throws Exception {
        start(config("", true));

        Files.write(file, new byte[0]);
        ReloadOutcome empty = watcher.reloadNow();
        Files.writeString(file, " \n\t\n");
        ReloadOutcome blank = watcher.reloadNow();

        assertThat(empty.kind()).isEqualTo(ReloadOutcome.Kind.REJECTED);
        assertThat(empty.problems()).extracting(Object::toString)
                .containsExactly("gateway.yaml: the file is empty (0 bytes); a config file must configure something "
                        + "(to run on the defaults, start without one)");
        assertThat(blank.kind()).isEqualTo(ReloadOutcome.Kind.REJECTED);
        assertThat(blank.problems()).extracting(Object::toString).singleElement().asString()
                .startsWith("gateway.yaml: the file holds only whitespace");
        assertKeylessRequestsStillRefused();
    }

    @Test
    void aReloadOfALoopbackGatewayThatWouldListenBeyondItWithoutKeysIsRefusedAsAtStartUp() throws Exception {
        start(config(null, false));

        Files.writeString(file, config("0.0.0.0", false));
        ReloadOutcome outcome = watcher.reloadNow();

        assertThat(outcome.kind()).isEqualTo(ReloadOutcome.Kind.REJECTED);
        assertThat(outcome.message()).contains("refusing to listen on 0.0.0.0 without client keys");
    }

    @Test
    void aLoopbackGatewayMayDropItsKeysOnReload() throws Exception {
        answer(upstream, "/v1/chat/completions", json(200, Fixtures.bytes("openai/chat-completion.json")));
        start(config(null, true));

        Files.writeString(file, config(null, false));
        ReloadOutcome outcome = watcher.reloadNow();

        assertThat(outcome.kind()).isEqualTo(ReloadOutcome.Kind.APPLIED);
        assertThat(RawHttp.post(server.baseUrl() + "/v1/chat/completions", CHAT_BODY).status()).isEqualTo(200);
    }

    @Test
    void aStoppedServerNoLongerJudgesTheGatewaysReloads() throws Exception {
        start(config("", true));
        server.close();
        server = null;

        Files.writeString(file, config("", false).replace("host: \"\"\n", ""));
        ReloadOutcome outcome = watcher.reloadNow();

        assertThat(outcome.kind()).isEqualTo(ReloadOutcome.Kind.APPLIED);
    }
}
