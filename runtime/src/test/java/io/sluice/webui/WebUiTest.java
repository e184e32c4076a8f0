package io.sluice.webui;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.config.Configuration;
import io.sluice.config.RestOptions;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web UI is served by a running JobManager and only reads REST resources that exist, by relative URL. */
class WebUiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalCluster cluster;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        Configuration config = new Configuration();
        config.setString(RestOptions.PORT.key(), "0");
        cluster = LocalCluster.start(config, 1, 2);
        base = "http://127.0.0.1:" + cluster.restPort() + "/";
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void pageAndAssetsAreServedWithRelativeLinksOnly() throws Exception {
        HttpResponse<String> page = get("");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("src=\"web/app.js\""), page.body());
        assertFalse(page.body().matches("(?s).*(href|src)=\"/.*"), "absolute links break behind the YARN proxy");

        HttpResponse<String> script = get("web/app.js");
        assertEquals(200, script.statusCode());
        assertEquals(200, get("web/style.css").statusCode());
        assertFalse(script.body().contains("get('/"), "absolute REST paths break behind the YARN proxy");
    }

    @Test
    void everyRestResourceTheScriptReadsAnswers() throws Exception {
        String script = get("web/app.js").body();
        Matcher m = Pattern.compile("get\\('([a-z/]+)'\\)").matcher(script);
        List<String> paths = m.results().map(r -> r.group(1)).distinct().toList();
        assertTrue(paths.containsAll(List.of("overview", "jobs/overview", "taskmanagers", "jobmanager/config")), paths.toString());
        for (String path : paths) {
            HttpResponse<String> response = get(path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
        }
    }

    @Test
    void theJobPageReadsTheJobsCheckpointsAndTheyAnswer() throws Exception {
        String script = get("web/app.js").body();
        assertTrue(script.contains("const base = 'jobs/' + encodeURIComponent(id) + '/checkpoints';"), "job page reads checkpoints");
        assertTrue(script.contains("get(base + '/config')"), "and their settings");

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(100);
        env.fromSequence(1, 100_000_000L, 1_000).discard();
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("web ui checkpoints"));
        JobId id = cluster.dispatcher().<JobId>ask(new DispatcherProtocol.SubmitJob(graph, List.of())).get(30, TimeUnit.SECONDS);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            HttpResponse<String> checkpoints = get("jobs/" + id + "/checkpoints");
            while (!checkpoints.body().contains("\"status\":\"COMPLETED\"") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                checkpoints = get("jobs/" + id + "/checkpoints");
            }
            assertEquals(200, checkpoints.statusCode(), checkpoints.body());
            assertTrue(checkpoints.body().contains("\"status\":\"COMPLETED\""), checkpoints.body());
            HttpResponse<String> config = get("jobs/" + id + "/checkpoints/config");
            assertEquals(200, config.statusCode(), config.body());
            assertTrue(config.body().contains("\"interval\":100,"), config.body());
        } finally {
            cluster.dispatcher().ask(new DispatcherProtocol.CancelJob(id)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void unknownAssetsAndTraversalAreRefused() throws Exception {
        assertEquals(404, get("web/secret.txt").statusCode());
        assertEquals(404, get("web/..%2F..%2Fpom.xml").statusCode());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
