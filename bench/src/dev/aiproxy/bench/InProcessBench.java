package dev.aiproxy.bench;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario (e): the {@link Gateway} object called in-process ({@code handle} on an OpenAI body, the relayed answer
 * written to a null stream) against a plain {@link HttpClient} call to the fake with the same body, at one caller
 * (p50/p99 latency) and at many callers on virtual threads (throughput). The two alternate within each round.
 * Prints one JSON line per round, target and concurrency.
 *
 * <p>Usage: {@code InProcessBench CONFIG_YAML FAKE_CHAT_URL BODY_FILE WARMUP_S SECONDS ROUNDS CONNS}
 */
public final class InProcessBench {
    private interface Call {
        void run() throws Exception;
    }

    private InProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        URI fake = URI.create(args[1]);
        byte[] body = Files.readAllBytes(Path.of(args[2]));
        double warmup = Double.parseDouble(args[3]);
        double seconds = Double.parseDouble(args[4]);
        int rounds = Integer.parseInt(args[5]);
        int conns = Integer.parseInt(args[6]);
        // -Dinprocess.executor=direct and -Dinprocess.timeout=SECONDS: transport experiments on the plain call
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor("direct".equals(System.getProperty("inprocess.executor")) ? Runnable::run
                        : Executors.newVirtualThreadPerTaskExecutor()).build();
        java.time.Duration timeout = System.getProperty("inprocess.timeout") == null ? null
                : java.time.Duration.ofSeconds(Long.parseLong(System.getProperty("inprocess.timeout")));
        try (Gateway gateway = Gateway.fromFile(config)) {
            Call viaGateway = () -> {
                GatewayResponse response = gateway.handle(RawRequest.of(ApiFormat.OPENAI_CHAT, body));
                if (response.status() != 200) {
                    throw new IllegalStateException("gateway answered " + response.status());
                }
                if (response.body() instanceof GatewayResponse.Streamed streamed) {
                    try (streamed) {
                        streamed.writeTo(OutputStream.nullOutputStream());
                    }
                }
            };
            Call direct = () -> {
                HttpRequest.Builder request = HttpRequest.newBuilder(fake)
                        .header("Content-Type", "application/json").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (timeout != null) {
                    request.timeout(timeout);
                }
                HttpResponse<InputStream> response = client.send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = response.body()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("fake answered " + response.statusCode());
                }
            };
            throughput(viaGateway, conns, warmup);
            throughput(direct, conns, warmup);
            for (int round = 1; round <= rounds; round++) {
                boolean gatewayFirst = round % 2 == 1;
                for (int pass = 0; pass < 2; pass++) {
                    boolean g = gatewayFirst == (pass == 0);
                    String target = g ? "gateway" : "direct";
                    Call call = g ? viaGateway : direct;
                    print(round, target, 1, latency(call, seconds));
                    print(round, target, conns, throughput(call, conns, seconds));
                }
            }
        }
        client.close();
    }

    private static List<String> latency(Call call, double seconds) throws Exception {
        long[] samples = new long[1 << 21];
        int[] n = {0};
        Exception[] failure = {null};
        Thread t = Thread.ofVirtual().start(() -> {
            long end = System.nanoTime() + (long) (seconds * 1e9);
            try {
                while (System.nanoTime() < end && n[0] < samples.length) {
                    long start = System.nanoTime();
                    call.run();
                    samples[n[0]++] = System.nanoTime() - start;
                }
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) {
            throw failure[0];
        }
        long[] s = Arrays.copyOf(samples, n[0]);
        Arrays.sort(s);
        List<String> fields = new ArrayList<>();
        fields.add("\"requests\":" + s.length);
        fields.add("\"rps\":" + Math.round(s.length / seconds));
        fields.add("\"p50_us\":" + StreamProbe.pct(s, 50));
        fields.add("\"p99_us\":" + StreamProbe.pct(s, 99));
        fields.add("\"errors\":0");
        return fields;
    }

    private static List<String> throughput(Call call, int conns, double seconds) throws Exception {
        LongAdder done = new LongAdder();
        LongAdder errors = new LongAdder();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < conns; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    try {
                        call.run();
                        done.increment();
                    } catch (Exception e) {
                        errors.increment();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return List.of("\"requests\":" + done.sum(), "\"rps\":" + Math.round(done.sum() / elapsed),
                "\"errors\":" + errors.sum());
    }

    private static void print(int round, String target, int conns, List<String> fields) {
        System.out.println("{\"scenario\":\"e\",\"round\":" + round + ",\"target\":\"" + target + "\",\"conns\":" + conns
                + "," + String.join(",", fields) + "}");
        System.out.flush();
    }
}
