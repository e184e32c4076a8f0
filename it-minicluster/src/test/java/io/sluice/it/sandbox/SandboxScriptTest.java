package io.sluice.it.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The sandbox as a user drives it: {@code bin/sandbox start}, Hadoop's own CLI through {@code bin/sandbox
 * hdfs|yarn}, the web UIs, {@code status}, {@code stop}, and a second start after the stop. One sandbox
 * for the class (start-up takes 10-30 s here).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxScriptTest {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static SandboxScript sandbox;
    private static SandboxScript.Result firstStart;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it-sandbox").toAbsolutePath();
        org.apache.hadoop.fs.FileUtil.fullyDelete(work.toFile());
        Files.createDirectories(work.resolve("out"));
        sandbox = new SandboxScript(work.resolve("sandbox"), work.resolve("out"));
        firstStart = sandbox.run(START_TIMEOUT, "start", "--nodemanagers", "2", "--memory", "2048", "--timeout", "300");
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.forceStop();
        }
    }

    @Test
    @Order(1)
    void startPrintsTheAddressesAndTheExportLinesAndWritesBothConfDirs() throws Exception {
        assertEquals(0, firstStart.exitCode(), firstStart.all());
        String out = firstStart.stdout();
        Path hadoopConf = sandbox.sandboxDir.resolve("hadoop-conf");
        Path sluiceConf = sandbox.sandboxDir.resolve("conf");
        assertTrue(out.contains("export HADOOP_CONF_DIR=" + hadoopConf), out);
        assertTrue(out.contains("export SLUICE_CONF_DIR=" + sluiceConf), out);
        String rmWeb = printed(out, "ResourceManager UI");
        String nameNodeWeb = printed(out, "NameNode UI");
        String zooKeeper = printed(out, "ZooKeeper");
        assertTrue(rmWeb.startsWith("http://"), rmWeb);
        assertTrue(nameNodeWeb.startsWith("http://"), nameNodeWeb);
        assertTrue(zooKeeper.matches("[\\w.-]+:\\d+"), zooKeeper);

        for (String site : new String[] {"core-site.xml", "hdfs-site.xml", "yarn-site.xml"}) {
            assertTrue(Files.isRegularFile(hadoopConf.resolve(site)), site);
        }
        assertTrue(Files.readString(hadoopConf.resolve("core-site.xml")).contains(sandbox.state("fs.defaultFS").orElseThrow()));
        String yaml = Files.readString(sluiceConf.resolve("sluice.yaml"));
        assertTrue(yaml.contains("high-availability.type: zookeeper"), yaml);
        assertTrue(yaml.contains("high-availability.zookeeper.quorum: " + zooKeeper), yaml);
        assertTrue(yaml.contains("high-availability.storageDir: " + sandbox.state("fs.defaultFS").orElseThrow() + "/"), yaml);
        // the logging configs bin/sluice looks for in SLUICE_CONF_DIR
        assertTrue(Files.isRegularFile(sluiceConf.resolve("log4j-cli.properties")));
        assertTrue(Files.isRegularFile(sluiceConf.resolve("log4j.properties")));
    }

    @Test
    @Order(2)
    void aSecondStartSaysItRunsAndStatusShowsIt() throws Exception {
        String pid = sandbox.state("pid").orElseThrow();
        SandboxScript.Result again = sandbox.run(CLI_TIMEOUT, "start");
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.stdout().contains("already running (pid " + pid + ")"), again.stdout());

        SandboxScript.Result status = sandbox.run(CLI_TIMEOUT, "status");
        assertEquals(0, status.exitCode(), status.all());
        assertTrue(status.stdout().contains("is running (pid " + pid), status.stdout());
        assertTrue(status.stdout().contains(sandbox.state("rm.web").orElseThrow()), status.stdout());
    }

    @Test
    @Order(3)
    void hdfsCommandsPutAndCatAFile() throws Exception {
        Path local = Files.writeString(sandbox.sandboxDir.getParent().resolve("words.txt"), "to be or not to be\n");
        SandboxScript.Result mkdir = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-mkdir", "-p", "/it");
        assertEquals(0, mkdir.exitCode(), mkdir.all());
        SandboxScript.Result put = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-put", "-f", local.toString(), "/it/words.txt");
        assertEquals(0, put.exitCode(), put.all());
        SandboxScript.Result cat = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-cat", "/it/words.txt");
        assertEquals(0, cat.exitCode(), cat.all());
        assertEquals("to be or not to be\n", cat.stdout());
        SandboxScript.Result ls = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-ls", "/");
        assertEquals(0, ls.exitCode(), ls.all());
        assertTrue(ls.stdout().contains("/user") && ls.stdout().contains("/sluice"), ls.stdout());
        SandboxScript.Result missing = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-cat", "/no/such/file");
        assertNotEquals(0, missing.exitCode());
        assertTrue(missing.stderr().contains("No such file or directory"), missing.all());
    }

    @Test
    @Order(4)
    void yarnCommandsSeeTheNodeManagers() throws Exception {
        SandboxScript.Result nodes = sandbox.run(CLI_TIMEOUT, "yarn", "node", "-list");
        assertEquals(0, nodes.exitCode(), nodes.all());
        assertTrue(nodes.stdout().contains("Total Nodes:2"), nodes.stdout());
        assertEquals(2, countMatches(nodes.stdout(), "RUNNING"), nodes.stdout());

        SandboxScript.Result apps = sandbox.run(CLI_TIMEOUT, "yarn", "application", "-list", "-appStates", "ALL");
        assertEquals(0, apps.exitCode(), apps.all());
        assertTrue(apps.stdout().contains("Total number of applications"), apps.stdout());
    }

    @Test
    @Order(5)
    void webUisAndZooKeeperAnswer() throws Exception {
        String rmWeb = sandbox.state("rm.web").orElseThrow();
        HttpResponse<String> info = get(rmWeb + "/ws/v1/cluster/info");
        assertEquals(200, info.statusCode(), info.body());
        assertTrue(info.body().contains("STARTED"), info.body());
        HttpResponse<String> apps = get(rmWeb + "/cluster/apps");
        assertEquals(200, apps.statusCode());
        assertTrue(apps.body().contains("All Applications"));
        HttpResponse<String> nodes = get(rmWeb + "/ws/v1/cluster/nodes");
        assertEquals(200, nodes.statusCode());
        assertEquals(2, countMatches(nodes.body(), "\"state\":\"RUNNING\""), nodes.body());

        HttpResponse<String> nameNode = get(sandbox.state("namenode.web").orElseThrow() + "/dfshealth.html");
        assertEquals(200, nameNode.statusCode());

        String[] zk = sandbox.state("zookeeper").orElseThrow().split(":");
        assertTrue(fourLetterWord(zk[0], Integer.parseInt(zk[1]), "srvr").contains("Mode: standalone"));
    }

    @Test
    @Order(6)
    void badInputGetsOneClearMessage() throws Exception {
        SandboxScript.Result badCount = sandbox.run(CLI_TIMEOUT, "start", "--nodemanagers", "two");
        assertNotEquals(0, badCount.exitCode());
        assertTrue(badCount.stderr().contains("--nodemanagers needs a positive whole number, got 'two'"), badCount.all());
        SandboxScript.Result badCommand = sandbox.run(CLI_TIMEOUT, "yarn", "frobnicate");
        assertNotEquals(0, badCommand.exitCode());
        assertTrue(badCommand.stderr().contains("unknown yarn command 'frobnicate'"), badCommand.all());
        SandboxScript.Result badStop = sandbox.run(CLI_TIMEOUT, "stop", "--force");
        assertNotEquals(0, badStop.exitCode());
        assertTrue(sandbox.jvm().isPresent(), "a bad stop option must not stop the sandbox");
    }

    @Test
    @Order(7)
    void stopRemovesEverythingAndAStartAfterTheStopWorks() throws Exception {
        ProcessHandle jvm = sandbox.jvm().orElseThrow();
        SandboxScript.Result stop = sandbox.run(CLI_TIMEOUT, "stop");
        assertEquals(0, stop.exitCode(), stop.all());
        assertTrue(stop.stdout().contains("stopped"), stop.stdout());
        assertFalse(jvm.isAlive(), "the sandbox JVM still runs after stop");
        assertFalse(Files.exists(sandbox.sandboxDir.resolve("data")), "data left behind");
        assertFalse(Files.exists(sandbox.sandboxDir.resolve("hadoop-conf")), "stale hadoop-conf left behind");
        assertFalse(Files.exists(sandbox.sandboxDir.resolve("sandbox.state")), "stale state left behind");
        SandboxScript.Result status = sandbox.run(CLI_TIMEOUT, "status");
        assertEquals(3, status.exitCode(), status.all());
        assertTrue(status.stdout().contains("not running"), status.stdout());
        SandboxScript.Result cliWhenStopped = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-ls", "/");
        assertNotEquals(0, cliWhenStopped.exitCode());
        assertTrue(cliWhenStopped.stderr().contains("the sandbox is not running: start it with bin/sandbox start"));

        SandboxScript.Result restart = sandbox.run(START_TIMEOUT, "start", "--timeout", "300");
        assertEquals(0, restart.exitCode(), restart.all());
        String rmWeb = sandbox.state("rm.web").orElseThrow();
        assertEquals(200, get(rmWeb + "/ws/v1/cluster/info").statusCode());
        SandboxScript.Result ls = sandbox.run(CLI_TIMEOUT, "hdfs", "dfs", "-ls", "/it");
        assertNotEquals(0, ls.exitCode(), "the previous run's files survived a stop without --keep: " + ls.stdout());

        SandboxScript.Result finalStop = sandbox.run(CLI_TIMEOUT, "stop");
        assertEquals(0, finalStop.exitCode(), finalStop.all());
    }

    private static String printed(String out, String label) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(label) + "\\s+(\\S+)").matcher(out);
        assertTrue(m.find(), label + " not printed:\n" + out);
        return m.group(1);
    }

    private static int countMatches(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String fourLetterWord(String host, int port, String word) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
