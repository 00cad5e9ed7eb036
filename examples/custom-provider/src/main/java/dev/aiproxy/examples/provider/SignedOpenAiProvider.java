package dev.aiproxy.examples.provider;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.api.spi.Credential;
import dev.aiproxy.api.spi.Provider;
import dev.aiproxy.api.spi.ProviderConfig;
import dev.aiproxy.api.spi.UpstreamRequest;
import dev.aiproxy.api.spi.UpstreamResponse;
import dev.aiproxy.providers.http.UpstreamCall;
import dev.aiproxy.providers.http.UpstreamHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Speaks OpenAI Chat Completions, so the gateway passes OpenAI clients straight through and translates the others;
 * only the authentication differs: {@code X-Key-Id} and {@code X-Signature: hex(HMAC-SHA256(secret, body))}.
 */
final class SignedOpenAiProvider implements Provider {
    private final ProviderConfig config;
    private final String keyId;
    private final UpstreamHttp http;

    SignedOpenAiProvider(ProviderConfig config, String keyId) {
        this.config = config;
        this.keyId = keyId;
        this.http = new UpstreamHttp(config);
    }

    @Override
    public ProviderConfig config() {
        return config;
    }

    @Override
    public ApiFormat format() {
        return ApiFormat.OPENAI_CHAT;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        Credential credential = request.credential();
        URI uri = UpstreamHttp.resolve(UpstreamHttp.baseUrl(config, credential), "/chat/completions");
        UpstreamCall.Builder builder = UpstreamCall.post(uri)
                .header("Content-Type", "application/json")
                .header("X-Key-Id", keyId)
                .header("X-Signature", sign(credential.apiKey().reveal(), request.body()));
        config.headers().forEach(builder::header);
        return http.send(builder.body(request.body()), request.firstByteTimeout(), credential.proxy(),
                credential.id());
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK ships HmacSHA256", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
