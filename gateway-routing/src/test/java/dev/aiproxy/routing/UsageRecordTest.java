package dev.aiproxy.routing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.error.ModelNotFoundException;
import dev.aiproxy.api.model.ChatRequest;
import dev.aiproxy.api.model.StreamEvent;
import dev.aiproxy.api.model.Usage;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Resilience;
import dev.aiproxy.translate.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The usage record of each request: who answered, with which tokens, and how the answer ended. */
class UsageRecordTest {
    @RegisterExtension
    static WireMockExtension upstream = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort()).build();

    private final List<UsageRecord> records = new CopyOnWriteArrayList<>();

    private Gateway gateway(Resilience resilience) {
        ProviderConfig openai = ProviderConfig.builder("openai", "openai-compatible")
                .baseUrl(upstream.baseUrl() + "/v1").apiKey("sk-openai-secret").model("gpt-4o").build();
        ProviderConfig claude = ProviderConfig.builder("claude", "claude").baseUrl(upstream.baseUrl())
                .apiKey("sk-ant-secret").model("claude-sonnet-4-5-20250929", "claude-sonnet").build();
        GatewayConfig config = GatewayConfig.builder().echoModel(false).resilience(resilience)
                .addProvider(openai).addProvider(claude).build();
        return Gateway.builder(config).onUsage(records::add).build();
    }

    private Gateway gateway() {
        return gateway(Resilience.builder().build());
    }

    private static ResponseDefinitionBuilder answer(String contentType, String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", contentType).withBody(Fixtures.bytes(fixture));
    }

    private static RawRequest openai(String json) {
        return RawRequest.of(ApiFormat.OPENAI_CHAT, json.getBytes(StandardCharsets.UTF_8));
    }

    private UsageRecord onlyRecord() {
        assertThat(records).hasSize(1);
        return records.getFirst();
    }

    @Test
    void aPassthroughAnswerIsRecordedWithTheUsageReadFromItsBytes() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(answer("application/json",
                "openai/chat-completion.json")));
        try (Gateway gateway = gateway()) {
            GatewayResponse response = gateway.handle(openai("{\"model\":\"gpt-4o\",\"messages\":[]}"));
            assertThat(records).as("a JSON answer is read whole, and checked, before the client gets it").hasSize(1);
            GatewayTest.bodyOf(response);
        }
        UsageRecord record = onlyRecord();
        assertThat(record.client()).isEqualTo("anonymous");
        assertThat(record.format()).isEqualTo(ApiFormat.OPENAI_CHAT);
        assertThat(record.model()).isEqualTo("gpt-4o");
        assertThat(record.stream()).isFalse();
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(record.usage().inputTokens()).isEqualTo(19);
        assertThat(record.usage().outputTokens()).isEqualTo(10);
        assertThat(record.servedBy().model()).isEqualTo("gpt-4o");
        assertThat(record.servedBy().provider()).isEqualTo("openai");
        assertThat(record.servedBy().credential()).startsWith("openai/").doesNotContain("secret");
        assertThat(record.duration()).isPositive();
    }

    @Test
    void aPassthroughStreamIsRecordedWithItsUsageChunk() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(answer("text/event-stream",
                "openai/chat-completion-stream.sse")));
        try (Gateway gateway = gateway()) {
            GatewayTest.bodyOf(gateway.handle(openai("{\"model\":\"gpt-4o\",\"stream\":true,"
                    + "\"stream_options\":{\"include_usage\":true},\"messages\":[]}")));
        }
        UsageRecord record = onlyRecord();
        assertThat(record.stream()).isTrue();
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(record.usage()).isEqualTo(new Usage(9, 5, 0, 0, 0));
    }

    @Test
    void aFallbackIsRecordedAsTheModelThatAnsweredInAStreamTranslatedFromAnthropic() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(aResponse().withStatus(429)
                .withHeader("Content-Type", "application/json").withHeader("Retry-After", "60")
                .withBody(Fixtures.bytes("openai/error-429.json"))));
        upstream.stubFor(post("/v1/messages").willReturn(answer("text/event-stream", "anthropic/stream-text.sse")));
        try (Gateway gateway = gateway(Resilience.builder().fallback("gpt-4o", List.of("claude-sonnet")).build())) {
            GatewayTest.bodyOf(gateway.handle(openai("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}")));
        }
        UsageRecord record = onlyRecord();
        assertThat(record.model()).isEqualTo("gpt-4o");
        assertThat(record.servedBy().model()).isEqualTo("claude-sonnet");
        assertThat(record.servedBy().provider()).isEqualTo("claude");
        assertThat(record.servedBy().upstreamModel()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(record.usage().inputTokens()).isEqualTo(25);
        assertThat(record.usage().outputTokens()).isEqualTo(15);
    }

    @Test
    void aClientThatLeavesMidStreamIsRecordedAsInterrupted() {
        upstream.stubFor(post("/v1/messages").willReturn(answer("text/event-stream", "anthropic/stream-text.sse")));
        try (Gateway gateway = gateway()) {
            GatewayResponse response = gateway.handle(openai(
                    "{\"model\":\"claude-sonnet\",\"stream\":true,\"messages\":[]}"));
            GatewayResponse.Streamed body = (GatewayResponse.Streamed) response.body();
            OutputStream leaving = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("Broken pipe");
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    throw new IOException("Broken pipe");
                }
            };
            assertThatThrownBy(() -> body.writeTo(leaving)).isInstanceOf(IOException.class);
            body.close();
        }
        UsageRecord record = onlyRecord();
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.INTERRUPTED);
        assertThat(record.servedBy().provider()).isEqualTo("claude");
    }

    @Test
    void errorsAreRecordedAsFailedWithTheClientsStatus() {
        try (Gateway gateway = gateway()) {
            assertThat(gateway.handle(openai("{\"model\":\"nope\",\"messages\":[]}")).status()).isEqualTo(404);
            assertThat(gateway.handle(openai("{\"model\":")).status()).isEqualTo(400);
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).model()).isEqualTo("nope");
        assertThat(records.get(0).status()).isEqualTo(404);
        assertThat(records.get(0).outcome()).isEqualTo(UsageRecord.Outcome.FAILED);
        assertThat(records.get(0).servedBy()).isNull();
        assertThat(records.get(1).model()).as("the request could not be read").isNull();
        assertThat(records.get(1).status()).isEqualTo(400);
    }

    @Test
    void typedCallsAreRecordedAsInProcess() {
        upstream.stubFor(post("/v1/messages").willReturn(answer("application/json", "anthropic/message.json")));
        try (Gateway gateway = gateway()) {
            gateway.chat(ChatRequest.builder().model("claude-sonnet").user("Hi").build());
            assertThatThrownBy(() -> gateway.chat(ChatRequest.builder().model("nope").user("Hi").build()))
                    .isInstanceOf(ModelNotFoundException.class);
        }
        assertThat(records).hasSize(2);
        UsageRecord answered = records.get(0);
        assertThat(answered.client()).isEqualTo("in-process");
        assertThat(answered.format()).isNull();
        assertThat(answered.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(answered.usage().inputTokens()).isEqualTo(2095);
        assertThat(answered.usage().outputTokens()).isEqualTo(503);
        assertThat(records.get(1).outcome()).isEqualTo(UsageRecord.Outcome.FAILED);
        assertThat(records.get(1).status()).isEqualTo(404);
    }

    @Test
    void aTypedStreamIsRecordedWhenItEnds() {
        upstream.stubFor(post("/v1/messages").willReturn(answer("text/event-stream", "anthropic/stream-text.sse")));
        try (Gateway gateway = gateway();
                ChatStream stream = gateway.stream(ChatRequest.builder().model("claude-sonnet").user("Hi").build())) {
            long events = stream.stream().filter(e -> e instanceof StreamEvent.TextDelta).count();
            assertThat(events).isPositive();
            assertThat(records).hasSize(1);
        }
        UsageRecord record = onlyRecord();
        assertThat(record.stream()).isTrue();
        assertThat(record.outcome()).isEqualTo(UsageRecord.Outcome.COMPLETED);
        assertThat(record.usage().outputTokens()).isEqualTo(15);
    }

    @Test
    void aListenerThatThrowsDoesNotFailTheRequest() throws IOException {
        upstream.stubFor(post("/v1/chat/completions").willReturn(answer("application/json",
                "openai/chat-completion.json")));
        GatewayConfig config = GatewayConfig.builder().echoModel(false).addProvider(ProviderConfig
                .builder("openai", "openai-compatible").baseUrl(upstream.baseUrl() + "/v1").apiKey("k")
                .model("gpt-4o").build()).build();
        try (Gateway gateway = Gateway.builder(config).onUsage(r -> {
            throw new IllegalStateException("listener bug");
        }).build()) {
            GatewayResponse response = gateway.handle(openai("{\"model\":\"gpt-4o\",\"messages\":[]}"));
            assertThat(new String(GatewayTest.bodyOf(response), StandardCharsets.UTF_8)).contains("chat.completion");
        }
    }
}
