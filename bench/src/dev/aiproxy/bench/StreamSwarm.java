package dev.aiproxy.bench;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario (f): many streaming clients at once, each on its own connection, started over a ramp so that connects do
 * not all hit the backlog in the same millisecond. A client succeeds when it gets a 200 and a complete stream with at
 * least the expected number of SSE data events. Prints one JSON line with the counts and the first few errors.
 *
 * <p>Usage: {@code StreamSwarm URL BODY_FILE CLIENTS RAMP_MILLIS MIN_DATA_EVENTS TIMEOUT_SECONDS [HEADER ...]}
 */
public final class StreamSwarm {
    private StreamSwarm() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] request = RawHttp.post(uri, RawHttp.readBody(args[1]), List.of(args).subList(6, args.length), true);
        int clients = Integer.parseInt(args[2]);
        int ramp = Integer.parseInt(args[3]);
        int minData = Integer.parseInt(args[4]);
        int timeout = Integer.parseInt(args[5]);
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Map<String, Integer> errors = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                threads.submit(() -> {
                    try {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(Math.max(1, ramp)));
                        try (RawHttp http = new RawHttp(uri.getHost(), uri.getPort(), timeout * 1000)) {
                            peak.accumulateAndGet(open.incrementAndGet(), Math::max);
                            try {
                                RawHttp.Answer a = http.exchange(request);
                                if (a.status() != 200) {
                                    throw new IllegalStateException("status " + a.status());
                                }
                                if (a.dataLines() < minData) {
                                    throw new IllegalStateException("only " + a.dataLines() + " data events");
                                }
                                ok.increment();
                            } finally {
                                open.decrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        failed.increment();
                        errors.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1, Integer::sum);
                    }
                    return null;
                });
            }
            threads.shutdown();
            if (!threads.awaitTermination(timeout, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        StringBuilder errs = new StringBuilder();
        errors.entrySet().stream().limit(5).forEach(e -> errs.append(errs.isEmpty() ? "" : "; ")
                .append(e.getValue()).append("x ").append(e.getKey().replace('"', '\'')));
        System.out.println("{\"clients\":" + clients + ",\"ok\":" + ok.sum() + ",\"failed\":" + failed.sum()
                + ",\"client_peak_open\":" + peak.get() + ",\"millis\":" + millis + ",\"errors\":\"" + errs + "\"}");
    }
}
