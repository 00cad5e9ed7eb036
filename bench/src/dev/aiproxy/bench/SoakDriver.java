package dev.aiproxy.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak (issue 18, item 5): a mixed load at a steady rate for a long time, to show whether the gateway drifts.
 * Passthrough and translated JSON, passthrough and translated streams (today's and the provider-shaped one), from
 * several client keys to several models, each request started at its scheduled time (an open loop: a slow answer
 * does not delay the next request, and a request's latency counts from when it was due, so queueing shows).
 *
 * <p>First it measures the peak of the same mix (closed loop, {@code PEAK_CONNS} callers back to back, 15 s after a
 * 10 s warm-up), unless a rate is given, then it runs at half of it. Every {@code SAMPLE_S} seconds it writes the
 * gateway's resident memory (from {@code /proc/PID/status}) and the counts so far; every {@code WINDOW_S} seconds the
 * latency percentiles of each kind of request in that window; at the end a summary: the slope of resident memory
 * after the first window (least squares, MB per 10 minutes), errors, and whether each window's p50 and p99 stayed
 * within a factor of the first. One JSON line each on stdout; a readable line each on stderr.
 *
 * <p>Usage: {@code SoakDriver GATEWAY_URL BODIES_DIR GATEWAY_PID SECONDS RATE SAMPLE_S WINDOW_S KEY...}; RATE 0 means
 * half the measured peak.
 */
public final class SoakDriver {
    private static final int PEAK_CONNS = 50;
    /** More requests in flight than this and the gateway is not keeping up: the request is counted as an error. */
    private static final int MAX_IN_FLIGHT = 2_000;

    /** One kind of request in the mix. */
    private record Kind(String name, String path, String body, boolean stream, String end, int weight) {
    }

    private static final List<Kind> MIX = List.of(
            new Kind("passthrough", "/v1/chat/completions", "openai.json", false, null, 35),
            new Kind("openai-to-anthropic", "/v1/chat/completions", "openai-to-claude.json", false, null, 15),
            new Kind("anthropic-to-gemini", "/v1/messages", "anthropic-to-gemini.json", false, null, 10),
            new Kind("openai-to-gemini", "/v1/chat/completions", "openai-to-gemini.json", false, null, 10),
            new Kind("stream-passthrough", "/v1/chat/completions", "openai-stream.json", true, "data: [DONE]", 10),
            new Kind("stream-openai-to-anthropic", "/v1/chat/completions", "openai-to-claude-stream.json", true,
                    "data: [DONE]", 5),
            new Kind("stream-real-passthrough", "/v1/chat/completions", "openai-real-stream.json", true,
                    "data: [DONE]", 10),
            new Kind("stream-real-anthropic-from-openai", "/v1/messages", "anthropic-to-real-stream.json", true,
                    "event: message_stop", 5));

    /** Latencies of one kind in the current window, and its counts. */
    private static final class Window {
        private final ReentrantLock lock = new ReentrantLock();
        private long[] nanos = new long[1024];
        private int n;
        private long errors;

        void record(long latency, boolean ok) {
            lock.lock();
            try {
                if (!ok) {
                    errors++;
                    return;
                }
                if (n == nanos.length) {
                    nanos = Arrays.copyOf(nanos, n * 2);
                }
                nanos[n++] = latency;
            } finally {
                lock.unlock();
            }
        }

        /** This window's sorted latencies and errors; the window starts again empty. */
        Snapshot take() {
            lock.lock();
            try {
                long[] s = Arrays.copyOf(nanos, n);
                Snapshot snapshot = new Snapshot(s, errors);
                n = 0;
                errors = 0;
                return snapshot;
            } finally {
                lock.unlock();
            }
        }
    }

    private record Snapshot(long[] sorted, long errors) {
        Snapshot {
            Arrays.sort(sorted);
        }

        long pctUs(double p) {
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (p / 100 * sorted.length))] / 1000;
        }
    }

    private final HttpClient client;
    private final URI base;
    private final byte[][] bodies;
    private final String[] keys;
    private final int[] wheel;
    private final Window[] windows = new Window[MIX.size()];
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong keyTurn = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final PrintStream out = System.out;

    private SoakDriver(URI base, Path bodiesDir, String[] keys, ExecutorService executor) throws IOException {
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.base = base;
        this.keys = keys;
        this.bodies = new byte[MIX.size()][];
        List<Integer> wheel = new ArrayList<>();
        for (int i = 0; i < MIX.size(); i++) {
            bodies[i] = Files.readAllBytes(bodiesDir.resolve(MIX.get(i).body()));
            windows[i] = new Window();
            for (int w = 0; w < MIX.get(i).weight(); w++) {
                wheel.add(i);
            }
        }
        // spread each kind over the wheel instead of in runs, so any short stretch of time has the whole mix
        this.wheel = new int[wheel.size()];
        for (int i = 0; i < this.wheel.length; i++) {
            this.wheel[(int) ((long) i * 37 % this.wheel.length)] = wheel.get(i);
        }
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        Path bodiesDir = Path.of(args[1]);
        long pid = Long.parseLong(args[2]);
        long seconds = Long.parseLong(args[3]);
        double rate = Double.parseDouble(args[4]);
        long sampleSeconds = Long.parseLong(args[5]);
        long windowSeconds = Long.parseLong(args[6]);
        String[] keys = Arrays.copyOfRange(args, 7, args.length);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            SoakDriver driver = new SoakDriver(base, bodiesDir, keys, executor);
            if (rate <= 0) {
                driver.closedLoop(executor, 10);
                double peak = driver.closedLoop(executor, 15);
                rate = peak / 2;
                driver.emit(String.format(Locale.ROOT, "{\"type\":\"peak\",\"mix_rps\":%.1f,\"rate\":%.1f}", peak,
                        rate), String.format(Locale.ROOT, "peak of the mix %.0f req/s: soak at %.0f req/s", peak,
                        rate));
            }
            driver.soak(executor, pid, seconds, rate, sampleSeconds, windowSeconds);
        }
    }

    /** Callers back to back for {@code seconds}; the mix's throughput in req/s. Counts start again from 0 after. */
    private double closedLoop(ExecutorService executor, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong done = new AtomicLong();
        AtomicLong turn = new AtomicLong();
        List<java.util.concurrent.Future<?>> callers = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < PEAK_CONNS; c++) {
            callers.add(executor.submit(() -> {
                while (System.nanoTime() < end) {
                    int kind = wheel[(int) (turn.getAndIncrement() % wheel.length)];
                    if (call(kind)) {
                        done.incrementAndGet();
                    }
                }
            }));
        }
        for (var caller : callers) {
            try {
                caller.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a caller failed", e.getCause());
            }
        }
        double rps = done.get() / ((System.nanoTime() - start) / 1e9);
        for (Window w : windows) {
            w.take();
        }
        if (errors.get() > 0) {
            emit("{\"type\":\"peak_errors\",\"errors\":" + errors.get() + "}", errors.get()
                    + " errors while measuring the peak");
        }
        requests.set(0);
        errors.set(0);
        return rps;
    }

    private void soak(ExecutorService executor, long pid, long seconds, double rate, long sampleSeconds,
            long windowSeconds) throws InterruptedException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long nextSample = start;
        long nextWindow = start + TimeUnit.SECONDS.toNanos(windowSeconds);
        List<double[]> rss = new ArrayList<>();   // {seconds, MB}
        List<long[]> windowPercentiles = new ArrayList<>();   // per window, all kinds: {p50, p99} in us
        emit(String.format(Locale.ROOT, "{\"type\":\"soak\",\"seconds\":%d,\"rate\":%.1f,\"sample_s\":%d,"
                + "\"window_s\":%d,\"keys\":%d}", seconds, rate, sampleSeconds, windowSeconds, keys.length),
                String.format(Locale.ROOT, "soak: %d s at %.0f req/s, RSS every %d s, percentiles every %d s",
                        seconds, rate, sampleSeconds, windowSeconds));
        long due = start;
        long issued = 0;
        int window = 0;
        while (due < end) {
            long now = System.nanoTime();
            if (now >= nextSample) {
                double t = (now - start) / 1e9;
                double mb = rssKb(pid) / 1024.0;
                rss.add(new double[] {t, mb});
                emit(String.format(Locale.ROOT, "{\"type\":\"sample\",\"t_s\":%.0f,\"rss_mb\":%.1f,\"requests\":%d,"
                        + "\"errors\":%d,\"in_flight\":%d,\"load\":%s}", t, mb, requests.get(), errors.get(),
                        MAX_IN_FLIGHT - inFlight.availablePermits(), load()), String.format(Locale.ROOT,
                        "t=%4.0fs rss %.0f MB, %d requests, %d errors, load %s", t, mb, requests.get(), errors.get(),
                        load()));
                nextSample += TimeUnit.SECONDS.toNanos(sampleSeconds);
            }
            if (now >= nextWindow) {
                windowPercentiles.add(window(++window));
                nextWindow += TimeUnit.SECONDS.toNanos(windowSeconds);
            }
            if (now < due) {
                long wait = Math.min(due - now, nextSample - now);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                continue;
            }
            int kind = wheel[(int) (issued++ % wheel.length)];
            long scheduled = due;
            due = start + issued * interval;
            if (!inFlight.tryAcquire()) {
                windows[kind].record(0, false);
                requests.incrementAndGet();
                errors.incrementAndGet();
                continue;
            }
            executor.execute(() -> {
                try {
                    boolean ok = call(kind);
                    windows[kind].record(System.nanoTime() - scheduled, ok);
                } finally {
                    inFlight.release();
                }
            });
        }
        // let the last requests finish (at most 30 s), then close the last window
        inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS);
        if (System.nanoTime() - (nextWindow - TimeUnit.SECONDS.toNanos(windowSeconds)) > TimeUnit.SECONDS.toNanos(
                windowSeconds) / 2) {
            windowPercentiles.add(window(++window));
        }
        summary(rss, windowPercentiles, windowSeconds);
    }

    /** Writes one window's percentiles per kind and for all; returns all kinds' {p50, p99}. */
    private long[] window(int index) {
        Snapshot[] snapshots = new Snapshot[windows.length];
        long[] all = new long[0];
        long allErrors = 0;
        StringBuilder kinds = new StringBuilder();
        for (int i = 0; i < windows.length; i++) {
            snapshots[i] = windows[i].take();
            Snapshot s = snapshots[i];
            kinds.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
                    "\"%s\":{\"n\":%d,\"errors\":%d,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d}",
                    MIX.get(i).name(), s.sorted().length, s.errors(), s.pctUs(50), s.pctUs(90), s.pctUs(99),
                    s.pctUs(100)));
            long[] merged = Arrays.copyOf(all, all.length + s.sorted().length);
            System.arraycopy(s.sorted(), 0, merged, all.length, s.sorted().length);
            all = merged;
            allErrors += s.errors();
        }
        Snapshot total = new Snapshot(all, allErrors);
        emit(String.format(Locale.ROOT, "{\"type\":\"window\",\"window\":%d,\"n\":%d,\"errors\":%d,\"p50_us\":%d,"
                + "\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d,\"kinds\":{%s}}", index, all.length, allErrors,
                total.pctUs(50), total.pctUs(90), total.pctUs(99), total.pctUs(100), kinds), String.format(Locale.ROOT,
                "window %d: %d requests, %d errors, p50 %d us, p90 %d us, p99 %d us, max %d us", index, all.length,
                allErrors, total.pctUs(50), total.pctUs(90), total.pctUs(99), total.pctUs(100)));
        return new long[] {total.pctUs(50), total.pctUs(99)};
    }

    private void summary(List<double[]> rss, List<long[]> percentiles, long windowSeconds) {
        // the slope after warm-up (samples after the first window), and over the second half alone, which a heap
        // still growing to its working size early on does not reach
        List<double[]> steady = rss.stream().filter(s -> s[0] >= windowSeconds).toList();
        double end = rss.isEmpty() ? 0 : rss.getLast()[0];
        double slope = slope(steady);
        double lateSlope = slope(rss.stream().filter(s -> s[0] >= end / 2).toList());
        double p50Spread = spread(percentiles, 0);
        double p99Spread = spread(percentiles, 1);
        emit(String.format(Locale.ROOT, "{\"type\":\"summary\",\"requests\":%d,\"errors\":%d,"
                + "\"rss_slope_mb_per_10min\":%s,\"rss_slope_second_half_mb_per_10min\":%s,"
                + "\"rss_samples_after_warmup\":%d,\"windows\":%d,\"p50_max_over_min\":%.2f,"
                + "\"p99_max_over_min\":%.2f}", requests.get(), errors.get(), json(slope), json(lateSlope),
                steady.size(), percentiles.size(), p50Spread, p99Spread), String.format(Locale.ROOT,
                "summary: %d requests, %d errors (target 0); RSS slope after the first window %s, over the second "
                        + "half %s MB per 10 min (target < 1); across %d windows p50 max/min %.2f, p99 max/min %.2f",
                requests.get(), errors.get(), json(slope), json(lateSlope), percentiles.size(), p50Spread,
                p99Spread));
    }

    /** Least-squares slope of {seconds, MB} samples in MB per 10 minutes; NaN with fewer than 3 samples. */
    private static double slope(List<double[]> samples) {
        if (samples.size() < 3) {
            return Double.NaN;
        }
        double mt = samples.stream().mapToDouble(s -> s[0]).average().orElse(0);
        double mm = samples.stream().mapToDouble(s -> s[1]).average().orElse(0);
        double num = 0;
        double den = 0;
        for (double[] s : samples) {
            num += (s[0] - mt) * (s[1] - mm);
            den += (s[0] - mt) * (s[0] - mt);
        }
        return num / den * 600;
    }

    private static String json(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static double spread(List<long[]> percentiles, int which) {
        long max = percentiles.stream().mapToLong(p -> p[which]).max().orElse(0);
        long min = percentiles.stream().mapToLong(p -> p[which]).min().orElse(0);
        return min == 0 ? Double.NaN : (double) max / min;
    }

    /** One request of a kind, its body read to the end; false when it failed in any way. */
    private boolean call(int kind) {
        Kind k = MIX.get(kind);
        requests.incrementAndGet();
        String key = keys[(int) (keyTurn.getAndIncrement() % keys.length)];
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(k.path())).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[kind]));
        if (k.stream()) {
            request.header("Accept", "text/event-stream");
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            }
            boolean ok = response.statusCode() == 200 && (k.end() == null
                    ? body.length > 0 && body[0] == '{'
                    : new String(body, StandardCharsets.UTF_8).contains(k.end()));
            if (!ok) {
                errors.incrementAndGet();
            }
            return ok;
        } catch (IOException e) {
            errors.incrementAndGet();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.incrementAndGet();
            return false;
        }
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "null";
        }
    }

    private void emit(String json, String human) {
        out.println(json);
        out.flush();
        System.err.println("soak: " + human);
    }
}
