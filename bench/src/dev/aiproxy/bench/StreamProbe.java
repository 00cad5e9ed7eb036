package dev.aiproxy.bench;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scenario (d): streams at one connection, one after another over a kept-alive connection, timing the first body
 * chunk and the last (the terminating chunk) from the moment the request was written. Prints one JSON line.
 *
 * <p>Usage: {@code StreamProbe URL BODY_FILE WARMUP_SECONDS SECONDS [HEADER ...]}
 */
public final class StreamProbe {
    private StreamProbe() {
    }

    public static void main(String[] args) throws IOException {
        URI uri = URI.create(args[0]);
        byte[] request = RawHttp.post(uri, RawHttp.readBody(args[1]), List.of(args).subList(4, args.length), false);
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        long[] firsts = new long[1 << 20];
        long[] lasts = new long[1 << 20];
        int n = 0;
        int errors = 0;
        int minData = Integer.MAX_VALUE;
        try (RawHttp http = new RawHttp(uri.getHost(), uri.getPort(), 10_000)) {
            long end = System.nanoTime() + (long) (warmup * 1e9);
            while (System.nanoTime() < end) {
                http.exchange(request);
            }
            end = System.nanoTime() + (long) (seconds * 1e9);
            while (System.nanoTime() < end && n < firsts.length) {
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
        long[] f = Arrays.copyOf(firsts, n);
        long[] l = Arrays.copyOf(lasts, n);
        Arrays.sort(f);
        Arrays.sort(l);
        List<String> fields = new ArrayList<>();
        fields.add("\"streams\":" + n);
        fields.add("\"errors\":" + errors);
        fields.add("\"min_data_events\":" + (n == 0 ? 0 : minData));
        fields.add("\"first_p50_us\":" + pct(f, 50));
        fields.add("\"first_p99_us\":" + pct(f, 99));
        fields.add("\"last_p50_us\":" + pct(l, 50));
        fields.add("\"last_p99_us\":" + pct(l, 99));
        System.out.println("{" + String.join(",", fields) + "}");
    }

    static double pct(long[] sortedNanos, int p) {
        if (sortedNanos.length == 0) {
            return -1;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(sortedNanos.length * p / 100.0) - 1);
        return Math.round(sortedNanos[Math.max(0, i)] / 100.0) / 10.0;
    }
}
