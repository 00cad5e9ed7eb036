package dev.aiproxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aiproxy.routing.Gateway;
import dev.aiproxy.routing.config.ClientKeys;
import dev.aiproxy.routing.config.GatewayConfig;
import dev.aiproxy.routing.config.Management;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the server serves the dashboard's files: where, with which headers, when not at all, and how much. */
class DashboardServingTest {
    private static final String SECRET = "gw-dashboard-serving-secret-77";
    /** What a page may weigh, every file it loads together (the budget). */
    private static final int PAGE_WEIGHT_LIMIT = 300 * 1024;
    private static final Pattern REFERENCES = Pattern.compile("(?:src|href)=\"([^\"#:]+)\"|from '\\./([^']+)'");

    private RunningGateway running;

    @AfterEach
    void stop() {
        if (running != null) {
            running.close();
        }
    }

    private void start(Management management) {
        running = RunningGateway.of(Gateway.create(GatewayConfig.builder().port(0).management(management).build()));
    }

    private void startWithDashboard() {
        start(new Management(ClientKeys.hash(SECRET), false, true));
    }

    private RawHttp.Response get(String path, String... headers) throws Exception {
        return RawHttp.get(running.baseUrl() + path, headers);
    }

    @Test
    void theRootLeadsToTheDashboardWhoseFilesNeedNoSecret() throws Exception {
        startWithDashboard();

        RawHttp.Response root = get("/");
        RawHttp.Response bare = get("/dashboard");
        RawHttp.Response index = get("/dashboard/");

        assertThat(root.status()).isEqualTo(302);
        assertThat(root.header("Location")).isEqualTo("/dashboard/");
        assertThat(bare.status()).isEqualTo(302);
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(index.body()).contains("<script type=\"module\" src=\"app.js\"></script>")
                .doesNotContain(SECRET);
    }

    @Test
    void everyFileHasItsTypeAStrictPolicyAndAVersionThatAnswers304() throws Exception {
        startWithDashboard();

        for (String[] file : new String[][] {{"app.js", "text/javascript; charset=utf-8"},
                {"style.css", "text/css; charset=utf-8"}, {"favicon.svg", "image/svg+xml"},
                {"vendor/uPlot.iife.min.js", "text/javascript; charset=utf-8"},
                {"vendor/uPlot.min.css", "text/css; charset=utf-8"}}) {
            RawHttp.Response r = get("/dashboard/" + file[0]);

            assertThat(r.status()).as(file[0]).isEqualTo(200);
            assertThat(r.header("Content-Type")).as(file[0]).isEqualTo(file[1]);
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Content-Security-Policy")).contains("script-src 'self'")
                    .contains("frame-ancestors 'none'").contains("default-src 'none'").doesNotContain("unsafe");
            assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
            assertThat(r.header("ETag")).matches("\"[0-9a-f]{32}\"");
            assertThat(get("/dashboard/" + file[0], "If-None-Match", r.header("ETag")).status()).isEqualTo(304);
        }
    }

    @Test
    void theDashboardsOwnOriginReachesItsFilesAndTheApiButNotTheClientApi() throws Exception {
        startWithDashboard();
        String own = running.baseUrl();

        RawHttp.Response module = get("/dashboard/app.js", "Origin", own);
        RawHttp.Response management = get("/v0/management/clients", "Origin", own, "X-Management-Key", SECRET);
        RawHttp.Response chat = RawHttp.post(own + "/v1/chat/completions",
                "{\"model\": \"echo\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
                "Origin", own);
        RawHttp.Response elsewhere = get("/v0/management/clients", "Origin", "http://evil.example",
                "X-Management-Key", SECRET);

        assertThat(module.status()).isEqualTo(200);
        assertThat(management.status()).isEqualTo(200);
        assertThat(chat.status()).isEqualTo(403);
        assertThat(elsewhere.status()).isEqualTo(403);
    }

    @Test
    void unknownFilesAndOtherMethodsAreRefused() throws Exception {
        startWithDashboard();

        assertThat(get("/dashboard/nothing.js").status()).isEqualTo(404);
        assertThat(get("/dashboard/../management/ClientsResource.class").status()).isEqualTo(404);
        assertThat(get("/dashboard/vendor/../../META-INF/MANIFEST.MF").status()).isEqualTo(404);
        RawHttp.Response post = RawHttp.post(running.baseUrl() + "/dashboard/app.js", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void withoutASecretOrWithTheControlPanelDisabledThereIsNoDashboard() throws Exception {
        start(Management.OFF);
        assertThat(get("/dashboard/").status()).isEqualTo(404);
        assertThat(get("/").status()).isEqualTo(404);
        stop();

        start(new Management(ClientKeys.hash(SECRET), false, false));
        RawHttp.Response off = get("/dashboard/");
        assertThat(off.status()).isEqualTo(404);
        assertThat(off.body()).contains("disable-control-panel");
        assertThat(get("/").status()).isEqualTo(404);
    }

    @Test
    void thePageWithEverythingItLoadsWeighsUnder300KB() throws Exception {
        startWithDashboard();
        Set<String> loaded = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>();
        next.add("index.html");
        long bytes = 0;
        while (!next.isEmpty()) {
            String name = next.poll();
            if (!loaded.add(name)) {
                continue;
            }
            RawHttp.Response r = get("/dashboard/" + name);
            assertThat(r.status()).as(name + ", which the dashboard loads").isEqualTo(200);
            bytes += r.bytes().length;
            Matcher m = REFERENCES.matcher(r.body());
            while (m.find()) {
                next.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        }

        assertThat(loaded).contains("app.js", "overview.js", "clients.js", "feed.js", "vendor/uPlot.iife.min.js");
        assertThat(bytes).as("bytes of " + loaded).isLessThan(PAGE_WEIGHT_LIMIT);
        System.out.println("dashboard page weight: " + bytes + " bytes in " + loaded.size() + " files");
    }
}
