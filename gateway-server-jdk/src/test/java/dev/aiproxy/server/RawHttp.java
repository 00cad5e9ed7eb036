package dev.aiproxy.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Hand-made HTTP calls, for what an SDK cannot send: malformed bodies, wrong methods, odd headers. */
final class RawHttp {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, java.util.Map<String, java.util.List<String>> headers, String body, byte[] bytes) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    private RawHttp() {
    }

    static Response post(String url, String body, String... headers) throws IOException, InterruptedException {
        return send("POST", url, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    static Response post(String url, byte[] body, String... headers) throws IOException, InterruptedException {
        return send("POST", url, HttpRequest.BodyPublishers.ofByteArray(body), headers);
    }

    static Response get(String url, String... headers) throws IOException, InterruptedException {
        return send("GET", url, HttpRequest.BodyPublishers.noBody(), headers);
    }

    static Response send(String method, String url, HttpRequest.BodyPublisher body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body);
        boolean typed = false;
        for (int i = 0; i < headers.length; i += 2) {
            typed |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (!typed) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8), r.body());
    }
}
