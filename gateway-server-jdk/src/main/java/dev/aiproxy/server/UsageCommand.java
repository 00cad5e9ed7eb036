package dev.aiproxy.server;

import dev.aiproxy.routing.UsageRecord;
import dev.aiproxy.routing.config.ConfigException;
import dev.aiproxy.routing.config.ConfigLoader;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.usage.Dimension;
import dev.aiproxy.routing.usage.RequestLogPage;
import dev.aiproxy.routing.usage.RequestLogQuery;
import dev.aiproxy.routing.usage.UsageQuery;
import dev.aiproxy.routing.usage.UsageStore;
import dev.aiproxy.routing.usage.UsageStoreException;
import dev.aiproxy.routing.usage.UsageStores;
import dev.aiproxy.routing.usage.UsageTotal;
import dev.aiproxy.server.management.UsageArguments;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gateway usage}: totals from the usage store ({@code --since 7d --by client}), or the latest requests
 * ({@code --log}), printed as a table. Opens the store for reading only, so it works while the server writes to it.
 */
final class UsageCommand {
    private static final int EXIT_USAGE = 64;
    private static final int EXIT_CONFIG = 78;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:00").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    UsageCommand(PrintStream out, PrintStream err) {
        this(out, err, Clock.systemUTC());
    }

    UsageCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** The command's options, as given. */
    private static final class Options {
        Path config;
        Instant since;
        Instant until;
        List<Dimension> by = List.of(Dimension.CLIENT);
        boolean log;
        int limit = 50;
        String client;
        String model;
        String provider;
        Integer status;
    }

    int execute(List<String> args, UnaryOperator<Path> configFile) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("usage: " + e.getMessage());
            return EXIT_USAGE;
        }
        GatewayConfig config;
        try {
            Path file = configFile.apply(options.config);
            if (file != null && !Files.isRegularFile(file)) {
                err.println("usage: config file not found: " + file);
                return EXIT_CONFIG;
            }
            config = file == null ? GatewayConfig.fromEnvironment(System.getenv())
                    : ConfigLoader.withSystemEnvironment().load(file).config();
        } catch (ConfigException | UncheckedIOException e) {
            err.println(e.getMessage());
            return EXIT_CONFIG;
        }
        try (UsageStore store = UsageStores.openForQueries(config.usage(), Launcher.baseDir(config))) {
            if (options.log) {
                printLog(store, options);
            } else {
                printTotals(store, options);
            }
            return 0;
        } catch (UsageStoreException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private Options parse(List<String> args) {
        Options o = new Options();
        o.since = clock.instant().minus(Duration.ofDays(7));
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            if (option.equals("--log")) {
                o.log = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args.get(++i);
            switch (option) {
                case "--config", "-c" -> o.config = Path.of(value);
                case "--since" -> o.since = instant(value, "--since");
                case "--until" -> o.until = instant(value, "--until");
                case "--by" -> o.by = UsageArguments.dimensions(value, "--by");
                case "--limit" -> o.limit = number(value, "--limit", 1, RequestLogQuery.MAX_LIMIT);
                case "--client" -> o.client = value;
                case "--model" -> o.model = value;
                case "--provider" -> o.provider = value;
                case "--status" -> o.status = number(value, "--status", 100, 599);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return o;
    }

    private Instant instant(String value, String option) {
        return UsageArguments.instant(value, option, clock);
    }

    private static int number(String value, String option, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " expects a number from " + min + " to " + max + ", got \""
                + value + "\"");
    }

    private void printTotals(UsageStore store, Options o) {
        Instant until = o.until != null ? o.until : clock.instant().plus(Duration.ofHours(1));
        List<UsageTotal> totals = new ArrayList<>(store.totals(new UsageQuery(o.since, until, o.by)));
        if (o.by.stream().anyMatch(UsageArguments::isTime)) {
            totals.sort((a, b) -> a.period().compareTo(b.period()));
        }
        List<String> header = new ArrayList<>();
        for (Dimension d : o.by) {
            header.add(d.name().toLowerCase(Locale.ROOT));
        }
        header.addAll(List.of("requests", "failed", "input", "output", "cached", "cost (USD)", "unpriced"));
        List<List<String>> rows = new ArrayList<>();
        long requests = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (UsageTotal t : totals) {
            List<String> row = new ArrayList<>();
            for (Dimension d : o.by) {
                row.add(switch (d) {
                    case DAY -> DAY.format(t.period());
                    case HOUR -> HOUR.format(t.period());
                    case CLIENT -> t.client();
                    case MODEL -> orDash(t.model());
                    case PROVIDER -> orDash(t.provider());
                });
            }
            row.addAll(List.of(count(t.requests()), count(t.failed()), count(t.inputTokens()),
                    count(t.outputTokens()), count(t.cachedInputTokens()), dollars(t.cost()),
                    count(t.unpricedRequests())));
            rows.add(row);
            requests += t.requests();
            cost = cost.add(t.cost());
        }
        out.println("usage since " + TIME.format(o.since) + " UTC" + (o.until == null ? "" : " until "
                + TIME.format(o.until) + " UTC") + ", from " + store.status().description());
        if (rows.isEmpty()) {
            out.println("no requests");
            return;
        }
        table(header, rows, o.by.size());
        out.println("total: " + count(requests) + " requests, $" + dollars(cost));
    }

    private void printLog(UsageStore store, Options o) {
        RequestLogPage page = store.requestLog(new RequestLogQuery(o.since, o.until, o.client, o.model, o.provider,
                o.status, o.limit, null));
        List<String> header = List.of("time (UTC)", "request id", "client", "model", "provider", "status", "outcome",
                "ms", "input", "output", "cost (USD)");
        List<List<String>> rows = new ArrayList<>();
        for (UsageRecord r : page.records()) {
            rows.add(List.of(TIME.format(r.startedAt()), r.requestId(), r.client(), orDash(r.accountedModel()),
                    r.servedBy() == null ? "-" : r.servedBy().provider(), Integer.toString(r.status()),
                    r.outcome().name().toLowerCase(Locale.ROOT), count(r.duration().toMillis()),
                    r.usage() == null ? "-" : count(r.usage().inputTokens()),
                    r.usage() == null ? "-" : count(r.usage().outputTokens()),
                    r.cost() == null ? "-" : dollars(r.cost())));
        }
        if (rows.isEmpty()) {
            out.println("no requests");
            return;
        }
        table(header, rows, 7);
        if (page.next() != null) {
            out.println("(older requests follow; --limit shows more)");
        }
    }

    /** Prints columns padded to their widths: the first {@code textColumns} left-aligned, numbers right-aligned. */
    private void table(List<String> header, List<List<String>> rows, int textColumns) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths, textColumns));
        for (List<String> row : rows) {
            out.println(line(row, widths, textColumns));
        }
    }

    private static String line(List<String> cells, int[] widths, int textColumns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String pad = " ".repeat(widths[i] - cell.length());
            sb.append(i == 0 ? "" : "  ").append(i < textColumns ? cell + pad : pad + cell);
        }
        return sb.toString().stripTrailing();
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String dollars(BigDecimal d) {
        return d.setScale(6, RoundingMode.HALF_UP).toPlainString();
    }

    private static String orDash(String s) {
        return s == null ? "-" : s;
    }
}
