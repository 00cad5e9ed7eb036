package dev.aiproxy.routing.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.Message;
import dev.aiproxy.api.model.Role;
import dev.aiproxy.api.model.Text;
import dev.aiproxy.routing.pipeline.ResolvedRoute;
import dev.aiproxy.translate.Codecs;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheKeysTest {
    private static final ResolvedRoute MINI = route("gpt-4o-mini", "gpt-4o-mini");

    @Test
    void theSameRequestStreamedOrNotHasTheSameKey() {
        ChatRequest whole = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.2}""");
        ChatRequest streamed = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.2,
                 "stream":true,"stream_options":{"include_usage":true}}""");

        String wholeKey = CacheKeys.of(whole, MINI).orElseThrow();
        String streamedKey = CacheKeys.of(streamed, MINI).orElseThrow();

        assertThat(streamed.stream()).isTrue();
        assertThat(streamedKey).isEqualTo(wholeKey);
    }

    @Test
    void anotherTemperatureIsAnotherKey() {
        ChatRequest cool = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.2}""");
        ChatRequest warm = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"temperature":0.9}""");

        assertThat(CacheKeys.of(warm, MINI)).isNotEqualTo(CacheKeys.of(cool, MINI));
    }

    @Test
    void anAliasHasTheKeyOfTheUpstreamModelItResolvesTo() {
        ChatRequest byAlias = openAi("""
                {"model":"fast","messages":[{"role":"user","content":"Hi"}]}""");
        ChatRequest byName = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""");

        String aliasKey = CacheKeys.of(byAlias, route("fast", "gpt-4o-mini")).orElseThrow();
        String nameKey = CacheKeys.of(byName, MINI).orElseThrow();

        assertThat(aliasKey).isEqualTo(nameKey);
    }

    @Test
    void anotherUpstreamModelIsAnotherKey() {
        ChatRequest request = openAi("""
                {"model":"fast","messages":[{"role":"user","content":"Hi"}]}""");

        assertThat(CacheKeys.of(request, route("fast", "gpt-4o")))
                .isNotEqualTo(CacheKeys.of(request, route("fast", "gpt-4o-mini")));
    }

    @Test
    void anotherToolIsAnotherKey() {
        ChatRequest plain = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Weather?"}]}""");
        ChatRequest withTool = openAi("""
                {"model":"gpt-4o-mini","messages":[{"role":"user","content":"Weather?"}],
                 "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}]}""");

        assertThat(CacheKeys.of(withTool, MINI)).isNotEqualTo(CacheKeys.of(plain, MINI));
    }

    @Test
    void aTextThatSpellsOutTwoPartsIsNotTheSameAsTwoParts() {
        ChatRequest twoParts = ChatRequest.builder().model("gpt-4o-mini").messages(List.of(new Message(Role.USER,
                List.of(new Text("a"), new Text("b")), null))).build();
        ChatRequest onePart = ChatRequest.builder().model("gpt-4o-mini").messages(List.of(new Message(Role.USER,
                List.of(new Text("a\"},{\"@class\":\"dev.aiproxy.api.model.Text\",\"text\":\"b")), null))).build();

        assertThat(CacheKeys.of(onePart, MINI)).isNotEqualTo(CacheKeys.of(twoParts, MINI));
    }

    @Test
    void aResponsesRequestThatContinuesAKeptConversationIsNotCached() {
        ChatRequest continued = Codecs.of(ApiFormat.OPENAI_RESPONSES).decodeRequest(bytes("""
                {"model":"gpt-4o-mini","input":"And then?","previous_response_id":"resp_1"}"""));

        assertThat(CacheKeys.of(continued, MINI)).isEmpty();
    }

    private static ChatRequest openAi(String json) {
        return Codecs.of(ApiFormat.OPENAI_CHAT).decodeRequest(bytes(json));
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static ResolvedRoute route(String model, String upstreamModel) {
        return new ResolvedRoute(model, List.of(new ResolvedRoute.Target("openai", ApiFormat.OPENAI_CHAT,
                upstreamModel, "openai#1")));
    }
}
