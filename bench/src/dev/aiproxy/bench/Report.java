package dev.aiproxy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns one run's JSON lines into the table on stdout: each figure's median over the rounds, its spread
 * ((max - min) / median), the baselines, the ratios, and where the gateway stands on each target of issue 6.
 *
 * <p>Usage: {@code Report RESULTS.jsonl}
 */
public final class Report {
    private final List<Map<String, Object>> lines;
    private final StringBuilder out = new StringBuilder();

    private Report(List<Map<String, Object>> lines) {
        this.lines = lines;
    }

    public static void main(String[] args) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (!line.isBlank()) {
                lines.add(Json.object(line));
            }
        }
        Report r = new Report(lines);
        r.print();
        System.out.print(r.out);
    }

    private void print() {
        Map<String, Object> meta = first("type", "meta");
        if (meta != null) {
            line("machine: %s cores, %.1f GiB, JDK %s, kernel %s; load %s at start, %s at end; %s rounds of %ss",
                    meta.get("nproc"), num(meta.get("mem_kb")) / 1048576.0, meta.get("jdk"), meta.get("kernel"),
                    meta.get("load_start"), get(first("type", "end"), "load_end"), meta.get("rounds"), meta.get("seconds"));
            line("gateway and relay JVM options: %s", meta.get("gateway_opts"));
        }
        line("");
        line("%-44s %11s %11s %11s %10s %10s %10s %7s", "figure (median of rounds)", "direct", "relay", "gateway",
                "gw/direct", "gw/relay", "rel/direct", "spread");
        String[][] scenarios = {{"a", "(a) OpenAI -> OpenAI, passthrough"}, {"b", "(b) OpenAI -> Anthropic, translated"},
                {"c", "(c) Anthropic -> Gemini, translated"},
                {"h", "(h) OpenAI, a response-cache hit (direct, relay: (a))"}};
        for (String[] s : scenarios) {
            if (rows(s[0], null, 50).isEmpty()) {
                continue;
            }
            ratioRow(s[1] + ", 50 conns, req/s", s[0], 50, "wrk", "rps", false);
            deltaRow("    1 conn, p50 latency, us", s[0], 1, "wrk", "p50_us");
            deltaRow("    1 conn, p99 latency, us", s[0], 1, "wrk", "p99_us");
            cpuRow("    CPU per request at 50 conns, us", s[0]);
        }
        for (String[] d : new String[][] {{"d-pass", "(d) 50-chunk stream, passthrough"},
                {"d-trans", "(d) 50-chunk stream, OpenAI <- Anthropic, 1 conn"},
                {"d-real", "(d) provider-shaped OpenAI stream, passthrough"},
                {"d-real-trans", "(d) provider-shaped OpenAI stream, Anthropic <- OpenAI, 1 conn"}}) {
            if (rows(d[0], null, 1).isEmpty()) {
                continue;
            }
            line(d[1]);
            String one = rows(d[0], null, 20).isEmpty() ? "    " : "    1 conn, ";
            deltaRow(one + "first chunk p50, us", d[0], 1, "stream", "first_p50_us");
            deltaRow(one + "last chunk p50, us", d[0], 1, "stream", "last_p50_us");
            deltaRow(one + "last chunk p99, us", d[0], 1, "stream", "last_p99_us");
            if (!rows(d[0], null, 20).isEmpty()) {
                deltaRow("    20 conns, first chunk p50, us", d[0], 20, "stream", "first_p50_us");
                deltaRow("    20 conns, last chunk p50, us", d[0], 20, "stream", "last_p50_us");
                deltaRow("    20 conns, last chunk p99, us", d[0], 20, "stream", "last_p99_us");
            }
        }
        if (!rows("e", null, 50).isEmpty()) {
            line("(e) in-process Gateway.handle vs plain HttpClient call ('direct'), no relay");
            ratioRow("    50 callers, req/s", "e", 50, null, "rps", false);
            deltaRow("    1 caller, p50 latency, us", "e", 1, null, "p50_us");
            deltaRow("    1 caller, p99 latency, us", "e", 1, null, "p99_us");
        }
        for (Map<String, Object> f : all("scenario", "f")) {
            Map<?, ?> swarm = (Map<?, ?>) f.get("swarm");
            line("(f) %s: %s concurrent streams: %s ok, %s failed; %s open at once at the client, %s at the upstream; "
                    + "peak RSS %.0f MB, %s threads after; CPU %.0f us per stream%s", f.get("target"), swarm.get("clients"),
                    swarm.get("ok"), swarm.get("failed"), swarm.get("client_peak_open"), f.get("upstream_peak_open"),
                    num(f.get("hwm_kb")) / 1024,
                    f.get("threads"), num(f.get("cpu_us")) / Math.max(1, num(swarm.get("clients"))),
                    String.valueOf(swarm.get("errors")).isEmpty() ? "" : "; errors: " + swarm.get("errors"));
        }
        for (Map<String, Object> g : all("scenario", "g")) {
            Map<?, ?> wrk = (Map<?, ?>) g.get("wrk");
            line("(g) %s kept-alive connections to the gateway, passthrough, %ss: %.0f requests, %.0f req/s, "
                    + "p50 %.1f ms, p99 %.1f ms; errors %.0f (connect %.0f, read %.0f, write %.0f, timeout %.0f), non-2xx %.0f; "
                    + "upstream connections opened %s; peak RSS %.0f MB, %s threads after", g.get("conns"),
                    g.get("seconds"), num(wrk.get("requests")), num(wrk.get("rps")), num(wrk.get("p50_us")) / 1000,
                    num(wrk.get("p99_us")) / 1000, num(wrk.get("errors")), num(wrk.get("connect_errors")),
                    num(wrk.get("read_errors")), num(wrk.get("write_errors")), num(wrk.get("timeouts")),
                    num(wrk.get("non2xx")), g.get("upstream_conns_opened"), num(g.get("hwm_kb")) / 1024,
                    g.get("threads"));
        }
        Map<String, Object> idle = first("phase", "idle");
        Map<String, Object> load = first("phase", "load");
        if (idle != null && load != null) {
            line("memory: gateway RSS idle %.0f MB, after the 50-conn runs %.0f MB (peak %.0f MB); relay idle %.0f MB, "
                    + "after %.0f MB (peak %.0f MB)", mb(idle, "gateway_rss_kb"), mb(load, "gateway_rss_kb"),
                    mb(load, "gateway_hwm_kb"), mb(idle, "relay_rss_kb"), mb(load, "relay_rss_kb"),
                    mb(load, "relay_hwm_kb"));
        }
        List<Double> opened = new ArrayList<>();
        for (Map<String, Object> r : rows("a", "gateway", 50)) {
            opened.add(num(r.get("upstream_conns_opened")));
        }
        if (!opened.isEmpty()) {
            line("keep-alive: upstream connections the gateway opened per 50-conn passthrough round: %s (of %.0f requests"
                    + " each)", join(opened), median(values("a", "gateway", 50, "wrk", "requests")));
        }
        targets();
    }

    private void targets() {
        line("");
        line("targets (issues 6 and 18):");
        double aGw = median(values("a", "gateway", 50, "wrk", "rps"));
        if (aGw > 0) {
            target("passthrough throughput vs bare relay", pairedRatio("a", "gateway", "relay", "rps"), ">= 1.00x", 1.0);
            target("passthrough throughput vs direct", pairedRatio("a", "gateway", "direct", "rps"), ">= 0.25x", 0.25);
            for (String s : new String[] {"b", "c"}) {
                double t = median(values(s, "gateway", 50, "wrk", "rps"));
                if (t > 0) {
                    target("translated (" + s + ") throughput vs passthrough", t / aGw, ">= 0.85x", 0.85);
                }
            }
            double added = median(values("a", "gateway", 1, "wrk", "p50_us"))
                    - median(values("a", "relay", 1, "wrk", "p50_us"));
            line("  %-52s %+9.0f us   (target <= +30 us)  %s", "passthrough p50 at 1 conn, gateway minus relay", added,
                    added <= 30 ? "met" : "missed");
            double cpu = cpuPerRequest("a", "gateway");
            line("  %-52s %9.0f us   (target < 110 us)   %s", "gateway CPU per passthrough request", cpu,
                    cpu < 110 ? "met" : "missed");
        }
        for (String s : new String[] {"a", "b", "c"}) {
            if (!rows(s, "gateway", 1).isEmpty()) {
                double added = median(values(s, "gateway", 1, "wrk", "p99_us"))
                        - median(values(s, "direct", 1, "wrk", "p99_us"));
                line("  %-52s %+9.0f us   (target < +1000 us) %s", "(" + s + ") p99 at 1 conn, gateway minus direct",
                        added, added < 1000 ? "met" : "missed");
            }
        }
        for (String d : new String[] {"d-pass", "d-real"}) {
            for (int conns : new int[] {1, 20}) {
                for (String field : new String[] {"first_p50_us", "last_p50_us"}) {
                    if (rows(d, "gateway", conns).isEmpty()) {
                        continue;
                    }
                    double gw = median(values(d, "gateway", conns, "stream", field));
                    double relay = median(values(d, "relay", conns, "stream", field));
                    line("  %-52s %+9.0f us   (target <= 0)       %s", d + " " + conns + " conn"
                            + (conns > 1 ? "s" : "") + ", " + field.replace("_p50_us", " chunk p50")
                            + ", gateway minus relay", gw - relay, gw <= relay ? "met" : "missed");
                }
            }
        }
        if (!rows("d-pass", "gateway", 1).isEmpty()) {
            double added = median(values("d-pass", "gateway", 1, "stream", "last_p50_us"))
                    - median(values("d-pass", "direct", 1, "stream", "last_p50_us"));
            line("  %-52s %+9.0f us   (target < +1000 us) %s", "50-chunk stream end to end, gateway minus direct",
                    added, added < 1000 ? "met" : "missed");
        }
        Map<String, Object> idle = first("phase", "idle");
        Map<String, Object> load = first("phase", "load");
        if (idle != null && load != null) {
            double i = mb(idle, "gateway_rss_kb");
            double l = Math.max(mb(load, "gateway_rss_kb"), mb(load, "gateway_hwm_kb"));
            line("  %-52s %9.0f MB   (target < 150 MB)   %s", "gateway idle RSS", i, i < 150 ? "met" : "missed");
            line("  %-52s %9.0f MB   (target < 300 MB)   %s", "gateway peak RSS through the 50-conn runs", l,
                    l < 300 ? "met" : "missed");
        }
        for (Map<String, Object> g : all("scenario", "g")) {
            Map<?, ?> wrk = (Map<?, ?>) g.get("wrk");
            double errors = num(wrk.get("errors")) + num(wrk.get("non2xx"));
            line("  %-52s %9.0f errors (target 0)     %s",
                    g.get("conns") + " kept-alive connections through the gateway", errors,
                    errors == 0 && num(wrk.get("requests")) > 0 ? "met" : "missed");
        }
        for (Map<String, Object> f : all("scenario", "f")) {
            if ("gateway".equals(f.get("target"))) {
                Map<?, ?> swarm = (Map<?, ?>) f.get("swarm");
                boolean ok = num(swarm.get("failed")) == 0 && num(swarm.get("ok")) == num(swarm.get("clients"));
                line("  %-52s %9.0f failed (target 0)     %s", swarm.get("clients") + " concurrent streams through the gateway",
                        num(swarm.get("failed")), ok ? "met" : "missed");
            }
        }
    }

    private void target(String what, double ratio, String goal, double min) {
        line("  %-52s %9.3fx   (target %s)  %s", what, ratio, goal, ratio >= min ? "met" : "missed");
    }

    /** The median over rounds of a/b computed within each round, so drift between rounds cancels. */
    private double pairedRatio(String scenario, String a, String b, String field) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, Object> ra : rows(scenario, a, 50)) {
            for (Map<String, Object> rb : rows(scenario, b, 50)) {
                if (num(ra.get("round")) == num(rb.get("round"))) {
                    ratios.add(num(sub(ra, "wrk").get(field)) / num(sub(rb, "wrk").get(field)));
                }
            }
        }
        return median(ratios);
    }

    private void ratioRow(String label, String scenario, int conns, String nested, String field, boolean unused) {
        List<Double> d = values(scenario, "direct", conns, nested, field);
        List<Double> r = values(scenario, "relay", conns, nested, field);
        List<Double> g = values(scenario, "gateway", conns, nested, field);
        double md = median(d);
        double mr = median(r);
        double mg = median(g);
        line("%-44s %11s %11s %11s %10s %10s %10s %7s", label, fmt(md), fmt(mr), fmt(mg), ratio(mg, md), ratio(mg, mr),
                ratio(mr, md), spread(d, r, g));
    }

    private void deltaRow(String label, String scenario, int conns, String nested, String field) {
        List<Double> d = values(scenario, "direct", conns, nested, field);
        List<Double> r = values(scenario, "relay", conns, nested, field);
        List<Double> g = values(scenario, "gateway", conns, nested, field);
        double md = median(d);
        double mr = median(r);
        double mg = median(g);
        line("%-44s %11s %11s %11s %10s %10s %10s %7s", label, fmt(md), fmt(mr), fmt(mg), delta(mg, md), delta(mg, mr),
                delta(mr, md), spread(d, r, g));
    }

    private void cpuRow(String label, String scenario) {
        double r = cpuPerRequest(scenario, "relay");
        double g = cpuPerRequest(scenario, "gateway");
        line("%-44s %11s %11s %11s %10s %10s %10s %7s", label, "", fmt(r), fmt(g), "", ratio(g, r), "", "");
    }

    private double cpuPerRequest(String scenario, String target) {
        List<Double> per = new ArrayList<>();
        for (Map<String, Object> row : rows(scenario, target, 50)) {
            per.add(num(row.get("cpu_us")) / Math.max(1, num(sub(row, "wrk").get("requests"))));
        }
        return median(per);
    }

    private List<Double> values(String scenario, String target, int conns, String nested, String field) {
        List<Double> out = new ArrayList<>();
        for (Map<String, Object> row : rows(scenario, target, conns)) {
            Map<?, ?> m = nested == null ? row : sub(row, nested);
            if (m != null && m.get(field) != null) {
                out.add(num(m.get(field)));
            }
        }
        return out;
    }

    private List<Map<String, Object>> rows(String scenario, String target, int conns) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : lines) {
            if (scenario.equals(row.get("scenario")) && (target == null || target.equals(row.get("target")))
                    && row.get("conns") != null && num(row.get("conns")) == conns) {
                out.add(row);
            }
        }
        return out;
    }

    private Map<String, Object> first(String key, String value) {
        List<Map<String, Object>> a = all(key, value);
        return a.isEmpty() ? null : a.getFirst();
    }

    private List<Map<String, Object>> all(String key, String value) {
        return lines.stream().filter(l -> value.equals(l.get(key))).toList();
    }

    private static Map<?, ?> sub(Map<String, Object> row, String key) {
        return (Map<?, ?>) row.get(key);
    }

    private static Object get(Map<String, Object> m, String key) {
        return m == null ? "?" : m.get(key);
    }

    private static double mb(Map<String, Object> m, String key) {
        return num(m.get(key)) / 1024;
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : o == null ? Double.NaN : Double.parseDouble(o.toString());
    }

    static double median(Collection<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static String spread(List<Double> d, List<Double> r, List<Double> g) {
        double worst = 0;
        for (List<Double> v : List.of(d, r, g)) {
            if (v.size() > 1) {
                double m = median(v);
                worst = Math.max(worst, (v.stream().mapToDouble(x -> x).max().orElse(0)
                        - v.stream().mapToDouble(x -> x).min().orElse(0)) / m);
            }
        }
        return String.format(Locale.ROOT, "%.0f%%", worst * 100);
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static String delta(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%+.0f", a - b);
    }

    private static String join(List<Double> v) {
        return String.join(", ", v.stream().map((Function<Double, String>) x -> fmt(x)).toList());
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** Just enough JSON for the lines the bench writes: objects, strings, numbers, booleans. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> object(String line) {
            return (Map<String, Object>) new Json(line).value();
        }

        private Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = (String) value();
                    skip();
                    i++; // ':'
                    m.put(k, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\') {
                        i++;
                    }
                    b.append(s.charAt(i++));
                }
                i++;
                return b.toString();
            }
            int start = i;
            while (i < s.length() && ",}] ".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String t = s.substring(start, i);
            return switch (t) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> t.matches("-?[0-9]+") ? (Object) Long.parseLong(t) : (Object) Double.parseDouble(t);
            };
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
