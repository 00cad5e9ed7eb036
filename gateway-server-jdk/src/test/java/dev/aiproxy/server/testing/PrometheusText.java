package dev.aiproxy.server.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of Prometheus's text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format), for tests that read
 * {@code /metrics} back as a scraper would. Written here because no Java library on Maven Central parses the format:
 * the Prometheus Java client ({@code prometheus-metrics-exposition-textformats}, simpleclient's {@code TextFormat})
 * only writes it. Every rule a scraper depends on is checked, and a breach fails with the line: names and label names
 * match their grammar, label values are quoted with only {@code \\}, {@code \"} and {@code \n} escaped, a label
 * appears once per sample, values are Go floats ({@code NaN}, {@code +Inf}), {@code # TYPE} comes before the
 * family's samples and once, a family's lines form one group, and a histogram's buckets carry {@code le}, are
 * cumulative, end at {@code +Inf}, and agree with {@code _count}.
 */
public final class PrometheusText {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One metric family: its samples, with the {@code # TYPE} and {@code # HELP} given for it. */
    public record Family(String name, String type, String help, List<Sample> samples) {
        /** The samples named {@code sampleName} whose labels include every pair of {@code labels}. */
        public List<Sample> samples(String sampleName, Map<String, String> labels) {
            return samples.stream().filter(s -> s.name().equals(sampleName)
                    && s.labels().entrySet().containsAll(labels.entrySet())).toList();
        }

        /** The sum of those samples' values; 0 when there are none. */
        public double sum(String sampleName, Map<String, String> labels) {
            return samples(sampleName, labels).stream().mapToDouble(Sample::value).sum();
        }
    }

    public record Sample(String name, Map<String, String> labels, double value) {
    }

    /** A breach of the format, naming the line. */
    public static final class FormatException extends RuntimeException {
        FormatException(int line, String message) {
            super("line " + line + ": " + message);
        }

        FormatException(String message) {
            super(message);
        }
    }

    private PrometheusText() {
    }

    /**
     * The families of an exposition, by name, in the order they appear.
     *
     * @throws FormatException at the first line that breaks the format
     */
    public static Map<String, Family> parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        Map<String, String> helps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<String> closed = new HashSet<>();
        String current = null;
        String[] lines = text.split("\n", -1);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new FormatException(lines.length, "the exposition must end with a line feed");
        }
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String family;
            if (line.startsWith("#")) {
                String[] parts = line.split("[ \t]+", 4);
                if (parts.length < 3 || !(parts[1].equals("TYPE") || parts[1].equals("HELP"))) {
                    continue; // a plain comment
                }
                family = requireName(parts[2], number);
                if (parts[1].equals("TYPE")) {
                    if (parts.length != 4 || !TYPES.contains(parts[3].strip())) {
                        throw new FormatException(number, "TYPE of " + family + " must be one of " + TYPES);
                    }
                    if (types.put(family, parts[3].strip()) != null) {
                        throw new FormatException(number, "a second TYPE for " + family);
                    }
                    if (samples.containsKey(family)) {
                        throw new FormatException(number, "TYPE of " + family + " after its samples");
                    }
                } else if (helps.put(family, parts.length == 4 ? unescapeHelp(parts[3], number) : "") != null) {
                    throw new FormatException(number, "a second HELP for " + family);
                }
            } else {
                Sample sample = sample(line, number);
                family = familyOf(sample.name(), types);
                samples.computeIfAbsent(family, f -> new ArrayList<>()).add(sample);
            }
            if (!family.equals(current)) {
                if (closed.contains(family)) {
                    throw new FormatException(number, "the lines of " + family + " are not one group");
                }
                if (current != null) {
                    closed.add(current);
                }
                current = family;
            }
        }
        Map<String, Family> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Sample>> e : samples.entrySet()) {
            String type = types.getOrDefault(e.getKey(), "untyped");
            Family family = new Family(e.getKey(), type, helps.get(e.getKey()), List.copyOf(e.getValue()));
            if (type.equals("histogram")) {
                checkHistogram(family);
            }
            out.put(e.getKey(), family);
        }
        return out;
    }

    /** The family a sample belongs to: its own name, or a histogram's or summary's name without the suffix. */
    private static String familyOf(String sample, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || ("summary".equals(type) && !suffix.equals("_bucket"))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Sample sample(String line, int number) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        String name = requireName(line.substring(0, i), number);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                i = skipBlanks(line, i);
                if (i < line.length() && line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw new FormatException(number, "a label without '=' in " + line);
                }
                String label = line.substring(i, eq).strip();
                if (!LABEL_NAME.matcher(label).matches()) {
                    throw new FormatException(number, "not a label name: '" + label + "'");
                }
                i = skipBlanks(line, eq + 1);
                if (i >= line.length() || line.charAt(i) != '"') {
                    throw new FormatException(number, "label " + label + "'s value is not quoted");
                }
                StringBuilder value = new StringBuilder();
                i = readQuoted(line, i + 1, value, number);
                if (labels.put(label, value.toString()) != null) {
                    throw new FormatException(number, "label " + label + " twice");
                }
                i = skipBlanks(line, i);
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw new FormatException(number, "expected ',' or '}' after label " + label);
                }
            }
        }
        String[] rest = line.substring(i).strip().split("[ \t]+");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw new FormatException(number, "expected a value and an optional timestamp: " + line);
        }
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new FormatException(number, "not a timestamp: " + rest[1]);
            }
        }
        return new Sample(name, labels, value(rest[0], number));
    }

    /** Reads a label value after its opening quote into {@code out}; returns the index after the closing quote. */
    private static int readQuoted(String line, int i, StringBuilder out, int number) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (i + 1 >= line.length()) {
                    break;
                }
                char next = line.charAt(i + 1);
                switch (next) {
                    case '\\' -> out.append('\\');
                    case '"' -> out.append('"');
                    case 'n' -> out.append('\n');
                    default -> throw new FormatException(number, "'\\" + next + "' is not an escape of the format");
                }
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new FormatException(number, "an unterminated label value");
    }

    private static String unescapeHelp(String help, int number) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\' && i + 1 < help.length() && (help.charAt(i + 1) == '\\' || help.charAt(i + 1) == 'n')) {
                out.append(help.charAt(++i) == 'n' ? '\n' : '\\');
            } else if (c == '\\') {
                throw new FormatException(number, "HELP may escape only '\\\\' and '\\n'");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static double value(String text, int number) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new FormatException(number, "not a value: '" + text + "'");
                }
            }
        };
    }

    private static String requireName(String name, int number) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new FormatException(number, "not a metric name: '" + name + "'");
        }
        return name;
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    /** Each series' buckets: carry {@code le}, never decrease, end at {@code +Inf}, which equals {@code _count}. */
    private static void checkHistogram(Family family) {
        Map<Map<String, String>, TreeMap<Double, Double>> buckets = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : family.samples()) {
            Map<String, String> series = new TreeMap<>(s.labels());
            if (s.name().equals(family.name() + "_bucket")) {
                String le = series.remove("le");
                if (le == null) {
                    throw new FormatException(family.name() + ": a bucket without 'le'");
                }
                buckets.computeIfAbsent(series, k -> new TreeMap<>()).put(value(le, 0), s.value());
            } else if (s.name().equals(family.name() + "_count")) {
                counts.put(series, s.value());
            }
        }
        buckets.forEach((series, bounds) -> {
            double previous = 0;
            for (double count : bounds.values()) {
                if (count < previous) {
                    throw new FormatException(family.name() + series + ": buckets are not cumulative");
                }
                previous = count;
            }
            if (bounds.lastKey() != Double.POSITIVE_INFINITY) {
                throw new FormatException(family.name() + series + ": no +Inf bucket");
            }
            if (!Double.valueOf(previous).equals(counts.get(series))) {
                throw new FormatException(family.name() + series + ": the +Inf bucket " + previous
                        + " is not _count " + counts.get(series));
            }
        });
    }
}
