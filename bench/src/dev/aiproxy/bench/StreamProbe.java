package dev.aiproxy.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scenario (d): streams over CONNS kept-alive connections, each one stream after another, timing the first body chunk
 * and the last (the terminating chunk) from the moment the request was written. Every connection runs on a platform
 * thread of its own and they start together; the percentiles are over all streams of all connections. Prints one JSON
 * line.
 *
 * <p>Usage: {@code StreamProbe URL BODY_FILE WARMUP_SECONDS SECONDS CONNS [HEADER ...]}
 */
public final class StreamProbe {
    /** Streams one connection may time, at most. */
    private static final int MAX_PER_CONNECTION = 1 << 20;

    private StreamProbe() {
    }

    /** What one connection measured. */
    private record Timings(long[] firsts, long[] lasts, int n, int errors, int minData) {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] request = RawHttp.post(uri, RawHttp.readBody(args[1]), List.of(args).subList(5, args.length), false);
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int conns = Integer.parseInt(args[4]);
        List<Future<Timings>> runs = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(conns)) {
            for (int c = 0; c < conns; c++) {
                runs.add(threads.submit(() -> connection(uri, request, warmup, seconds, conns)));
            }
        }
        long[] f = new long[0];
        long[] l = new long[0];
        int errors = 0;
        int minData = Integer.MAX_VALUE;
        for (Future<Timings> run : runs) {
            Timings t = run.get();
            f = concat(f, t.firsts(), t.n());
            l = concat(l, t.lasts(), t.n());
            errors += t.errors();
            minData = Math.min(minData, t.minData());
        }
        Arrays.sort(f);
        Arrays.sort(l);
        List<String> fields = new ArrayList<>();
        fields.add("\"conns\":" + conns);
        fields.add("\"streams\":" + f.length);
        fields.add("\"errors\":" + errors);
        fields.add("\"min_data_events\":" + (f.length == 0 ? 0 : minData));
        fields.add("\"first_p50_us\":" + pct(f, 50));
        fields.add("\"first_p99_us\":" + pct(f, 99));
        fields.add("\"last_p50_us\":" + pct(l, 50));
        fields.add("\"last_p99_us\":" + pct(l, 99));
        System.out.println("{" + String.join(",", fields) + "}");
    }

    /** One connection's streams: warm-up, then timed until the time is up. */
    private static Timings connection(URI uri, byte[] request, double warmup, double seconds, int conns)
            throws IOException {
        int capacity = Math.max(1024, MAX_PER_CONNECTION / conns);
        long[] firsts = new long[capacity];
        long[] lasts = new long[capacity];
        int n = 0;
        int errors = 0;
        int minData = Integer.MAX_VALUE;
        try (RawHttp http = new RawHttp(uri.getHost(), uri.getPort(), 10_000)) {
            long end = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < end) {
                http.exchange(request);
            }
            end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && n < capacity) {
                long start = System.nanoTime();
                RawHttp.Answer a = http.exchange(request);
                if (a.status() != 200) {
                    errors++;
                    continue;
                }
                minData = Math.min(minData, a.dataLines());
                firsts[n] = a.firstNanos() - start;
                lasts[n] = a.lastNanos() - start;
                n++;
            }
        }
        return new Timings(firsts, lasts, n, errors, minData);
    }

    private static long[] concat(long[] a, long[] b, int bLength) {
        long[] out = Arrays.copyOf(a, a.length + bLength);
        System.arraycopy(b, 0, out, a.length, bLength);
        return out;
    }

    static double pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return -1;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(sortedNanos.length * p / 100.0) - 1);
        return Math.round(sortedNanos[Math.max(0, i)] / 100.0) / 10.0;
    }
}
