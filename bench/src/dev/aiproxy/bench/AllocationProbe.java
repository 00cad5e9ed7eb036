package dev.aiproxy.bench;

import dev.aiproxy.api.ApiFormat;
import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.GatewayResponse;
import dev.aiproxy.routing.RawRequest;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Bytes allocated and CPU spent per request by the in-process {@link Gateway}, one scenario after another, one request
 * at a time, each on a virtual thread of its own as the server runs it (so per-thread caches, Jackson's buffer
 * recycler among them, start empty as they do there; {@code -Dprobe.thread=platform} runs them all on one platform
 * thread instead). Allocation is the JVM's own count ({@code getTotalThreadAllocatedBytes}: a virtual thread's
 * allocations count on its carrier), so unlike throughput it hardly depends on what else the machine is doing: the
 * figure to compare before and after a change to the hot path. The server around {@code Gateway.handle} (the JDK
 * {@code HttpServer}'s per-exchange objects) is not included; it is the same for every scenario. CPU is the whole
 * process's ({@code OperatingSystemMXBean.getProcessCpuTime}), so it includes the JIT and the collector.
 *
 * <p>Usage: {@code AllocationProbe CONFIG_YAML BODIES_DIR REQUESTS [SCENARIO...]}, a scenario being
 * {@code name=FORMAT:BODY_FILE} (FORMAT an {@link ApiFormat} name); without scenarios, the bench's usual ones.
 * Prints one JSON line per scenario.
 */
public final class AllocationProbe {
    private static final String[] DEFAULT_SCENARIOS = {
        "a-passthrough=OPENAI_CHAT:openai.json",
        "b-openai-to-anthropic=OPENAI_CHAT:openai-to-claude.json",
        "c-anthropic-to-gemini=ANTHROPIC_MESSAGES:anthropic-to-gemini.json",
        "openai-to-gemini=OPENAI_CHAT:openai-to-gemini.json",
        "stream-passthrough=OPENAI_CHAT:openai-stream.json",
        "stream-openai-to-anthropic=OPENAI_CHAT:openai-to-claude-stream.json",
        "stream-openai-to-gemini=OPENAI_CHAT:openai-to-gemini-stream.json",
        "stream-real-passthrough=OPENAI_CHAT:openai-real-stream.json",
        "stream-real-anthropic-from-openai=ANTHROPIC_MESSAGES:anthropic-to-real-stream.json",
    };

    private AllocationProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        Path bodies = Path.of(args[1]);
        int requests = Integer.parseInt(args[2]);
        String[] scenarios = args.length > 3 ? Arrays.copyOfRange(args, 3, args.length) : DEFAULT_SCENARIOS;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Gateway gateway = Gateway.fromFile(config)) {
            for (String scenario : scenarios) {
                String name = scenario.substring(0, scenario.indexOf('='));
                String spec = scenario.substring(name.length() + 1);
                ApiFormat format = ApiFormat.valueOf(spec.substring(0, spec.indexOf(':')));
                byte[] body = Files.readAllBytes(bodies.resolve(spec.substring(spec.indexOf(':') + 1)));
                RawRequest request = RawRequest.of(format, body);
                run(gateway, request, Math.max(2_000, requests));   // warm-up: compiled, pools filled
                long total0 = threads.getTotalThreadAllocatedBytes();
                long cpu0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                run(gateway, request, requests);
                long wall = System.nanoTime() - wall0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long total = threads.getTotalThreadAllocatedBytes() - total0;
                System.out.printf("{\"scenario\":\"%s\",\"requests\":%d,\"bytes_per_request\":%d,"
                                + "\"cpu_us_per_request\":%.1f,\"wall_us_per_request\":%.1f,\"load\":%.2f}%n",
                        name, requests, total / requests, cpu / 1e3 / requests, wall / 1e3 / requests,
                        os.getSystemLoadAverage());
            }
        }
    }

    private static void run(Gateway gateway, RawRequest request, int requests) throws Exception {
        boolean platform = "platform".equals(System.getProperty("probe.thread"));
        Exception[] failure = {null};
        Runnable one = () -> {
            try {
                call(gateway, request);
            } catch (Exception e) {
                failure[0] = e;
            }
        };
        for (int i = 0; i < requests && failure[0] == null; i++) {
            if (platform) {
                one.run();
            } else {
                Thread.ofVirtual().start(one).join();
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void call(Gateway gateway, RawRequest request) throws Exception {
        GatewayResponse response = gateway.handle(request);
        if (response.status() != 200) {
            throw new IllegalStateException("gateway answered " + response.status());
        }
        if (response.body() instanceof GatewayResponse.Streamed streamed) {
            try (streamed) {
                streamed.writeTo(OutputStream.nullOutputStream());
            }
        }
    }
}
