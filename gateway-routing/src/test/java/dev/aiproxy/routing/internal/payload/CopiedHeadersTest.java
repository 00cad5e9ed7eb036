package dev.aiproxy.routing.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aiproxy.api.Secret;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.RequestContext.HeaderLookup;
import dev.aiproxy.routing.internal.route.Candidate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopiedHeadersTest {
    private static final HeaderLookup CLAUDE_CODE = name -> switch (name) {
        case "X-Claude-Code-Session-Id" -> "session-42";
        case "Authorization" -> "Bearer client-key";
        default -> null;
    };

    private static Credential key(String id, Map<String, String> headers) {
        return new Credential(id, Secret.of("sk-upstream"), null, null, headers, List.of(), List.of());
    }

    private static ProviderConfig provider(Map<String, String> headers, Credential... keys) {
        return ProviderConfig.builder("up", "openai-compatible").headers(headers).credentials(List.of(keys)).build();
    }

    private static Candidate candidate(ProviderConfig config, int key) {
        Credential credential = config.credentials().get(key);
        return new Candidate(new dev.aiproxy.api.spi.Provider() {
            @Override
            public ProviderConfig config() {
                return config;
            }

            @Override
            public dev.aiproxy.api.ApiFormat format() {
                return dev.aiproxy.api.ApiFormat.OPENAI_CHAT;
            }

            @Override
            public dev.aiproxy.api.spi.UpstreamResponse send(dev.aiproxy.api.spi.UpstreamRequest request) {
                throw new UnsupportedOperationException("never called here");
            }

            @Override
            public void close() {
            }
        }, credential, "m");
    }

    @Test
    void copiesAHeaderTheClientSentUnderTheConfiguredName() {
        ProviderConfig entry = provider(Map.of("X-Session", "$X-Claude-Code-Session-Id"), key("up#0", Map.of()));

        Map<String, String> sent = CopiedHeaders.of(List.of(entry)).resolve(candidate(entry, 0), CLAUDE_CODE);

        assertThat(sent).containsExactly(Map.entry("X-Session", "session-42"));
    }

    @Test
    void leavesTheHeaderOutWhenTheClientDidNotSendIt() {
        ProviderConfig entry = provider(Map.of("X-Trace", "$X-Trace-Id"), key("up#0", Map.of()));

        Map<String, String> sent = CopiedHeaders.of(List.of(entry)).resolve(candidate(entry, 0), CLAUDE_CODE);

        assertThat(sent).isEmpty();
    }

    @Test
    void letsACredentialsOwnHeaderWinOverItsProviders() {
        ProviderConfig entry = provider(Map.of("X-Session", "$X-Claude-Code-Session-Id"),
                key("up#0", Map.of("x-session", "fixed")), key("up#1", Map.of()));
        CopiedHeaders copied = CopiedHeaders.of(List.of(entry));

        assertThat(copied.resolve(candidate(entry, 0), CLAUDE_CODE)).isEmpty();
        assertThat(copied.resolve(candidate(entry, 1), CLAUDE_CODE)).containsEntry("X-Session", "session-42");
    }

    @Test
    void buildsProvidersFromEntriesWithoutAnyReferenceSoNoneIsSentLiterally() {
        ProviderConfig entry = provider(Map.of("X-Session", "$X-Claude-Code-Session-Id", "User-Agent", "gw/1"),
                key("up#0", Map.of("X-Trace", "$X-Trace-Id", "X-Team", "a")));

        ProviderConfig built = CopiedHeaders.withoutReferences(entry);

        assertThat(built.headers()).containsExactly(Map.entry("User-Agent", "gw/1"));
        assertThat(built.credentials().getFirst().headers()).containsExactly(Map.entry("X-Team", "a"));
        assertThat(built.credentials().getFirst().apiKey()).isEqualTo(entry.credentials().getFirst().apiKey());
    }

    @Test
    void keepsAnEntryWithoutReferencesAsItIs() {
        ProviderConfig entry = provider(Map.of("User-Agent", "gw/1"), key("up#0", Map.of()));

        assertThat(CopiedHeaders.withoutReferences(entry)).isSameAs(entry);
    }

    @Test
    void refusesAnEntryThatWouldCopyTheClientsKeyHeader() {
        ProviderConfig entry = provider(Map.of(), key("up#0", Map.of("X-Forward", "$authorization")));

        assertThatThrownBy(() -> CopiedHeaders.of(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("provider 'up': header X-Forward: \"$authorization\" would copy the client's "
                        + "own key upstream");
    }
}
