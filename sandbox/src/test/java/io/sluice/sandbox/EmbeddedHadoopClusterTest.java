package io.sluice.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.hadoop.yarn.api.ApplicationConstants;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.LogAggregationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.cli.LogsCLI;
import org.apache.hadoop.yarn.webapp.util.WebServiceClient;
import java.io.OutputStream;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceType;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.URL;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.yarn.api.records.NodeReport;
import org.apache.hadoop.yarn.api.records.NodeState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One cluster for the whole class: start-up costs 10-20 s on this machine. */
class EmbeddedHadoopClusterTest {

    private static EmbeddedHadoopCluster cluster;

    @BeforeAll
    static void start() throws IOException {
        Path baseDir = Path.of("target", "embedded-hadoop-test");
        FileUtil.fullyDelete(baseDir.toFile()); // a given base dir keeps its data across runs
        cluster = EmbeddedHadoopCluster.builder()
                .baseDir(baseDir)
                .nodeManagers(2)
                .nodeManagerMemoryMb(2048)
                .nodeManagerVcores(2)
                .start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void hdfsStoresAndReturnsAFile() throws IOException {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path("/test/hello.txt");
        try (FSDataOutputStream out = cluster.getFileSystem().create(file, true)) {
            out.write("hello hdfs\n".getBytes(StandardCharsets.UTF_8));
        }
        // read back through a separate client built from the exported configuration
        try (FileSystem fs = FileSystem.newInstance(cluster.getConfiguration());
                FSDataInputStream in = fs.open(file)) {
            assertEquals("hdfs", fs.getUri().getScheme());
            assertEquals("hello hdfs\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void yarnReportsTheConfiguredNodeManagers() throws Exception {
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(cluster.getConfiguration());
            yarn.start();
            List<NodeReport> nodes = yarn.getNodeReports(NodeState.RUNNING);
            assertEquals(2, nodes.size());
            for (NodeReport node : nodes) {
                assertEquals(2048, node.getCapability().getMemorySize());
                assertEquals(2, node.getCapability().getVirtualCores());
            }
        }
    }

    @Test
    void zooKeeperAnswers() throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(
                cluster.getZooKeeperConnectString(), 10_000, 5_000, new RetryOneTime(100))) {
            client.start();
            client.create().creatingParentsIfNeeded().forPath("/sandbox-test/node", "zk".getBytes(StandardCharsets.UTF_8));
            assertEquals("zk", new String(client.getData().forPath("/sandbox-test/node"), StandardCharsets.UTF_8));
        }
    }

    @Test
    void resourceManagerWebUiAndRestAnswer() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://" + cluster.getResourceManagerWebAddress();

        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(base + "/ws/v1/cluster/info"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, info.statusCode(), info.body());
        assertTrue(info.body().contains("\"state\":\"STARTED\""), info.body());

        HttpResponse<String> nodes = http.send(HttpRequest.newBuilder(URI.create(base + "/ws/v1/cluster/nodes"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, nodes.statusCode(), nodes.body());

        HttpResponse<String> apps = http.send(HttpRequest.newBuilder(URI.create(base + "/cluster/apps")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, apps.statusCode());
        assertTrue(apps.body().contains("All Applications"), "not the RM apps page");

        HttpResponse<String> nameNode = http.send(HttpRequest.newBuilder(
                URI.create("http://" + cluster.getNameNodeWebAddress() + "/jmx?qry=Hadoop:service=NameNode,name=NameNodeStatus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, nameNode.statusCode());
        assertTrue(nameNode.body().contains("active"), nameNode.body());
    }

    @Test
    void writtenConfDirIsEnoughForAnExternalClient(@TempDir Path confDir) throws Exception {
        cluster.writeHadoopConfDir(confDir);
        Configuration conf = new YarnConfiguration(new Configuration(false));
        for (String site : List.of("core-site.xml", "hdfs-site.xml", "yarn-site.xml")) {
            assertTrue(Files.isRegularFile(confDir.resolve(site)), site);
            conf.addResource(new org.apache.hadoop.fs.Path(confDir.resolve(site).toUri()));
        }
        assertEquals(cluster.getDefaultFs(), conf.get("fs.defaultFS"));
        assertEquals(cluster.getResourceManagerAddress(), conf.get(YarnConfiguration.RM_ADDRESS));
        assertEquals(cluster.getResourceManagerWebAddress(), conf.get(YarnConfiguration.RM_WEBAPP_ADDRESS));
        assertEquals("1", conf.get("dfs.replication"));
        assertNull(conf.get("yarn.is.minicluster"));
        String yarnSite = Files.readString(confDir.resolve("yarn-site.xml"));
        assertFalse(yarnSite.contains("dfs.replication"), "HDFS settings belong in hdfs-site.xml");

        try (YarnClient yarn = YarnClient.createYarnClient();
                FileSystem fs = FileSystem.newInstance(conf)) {
            yarn.init(conf);
            yarn.start();
            assertEquals(2, yarn.getYarnClusterMetrics().getNumNodeManagers());
            assertTrue(fs.exists(new org.apache.hadoop.fs.Path("/")));
        }
    }

    @Test
    void containersGetHadoopButNotTheTestClasspath() {
        YarnConfiguration conf = cluster.getConfiguration();
        List<String> classpath = Arrays.asList(conf.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH));
        assertTrue(classpath.stream().anyMatch(e -> Path.of(e).getFileName().toString().startsWith("hadoop-common-3")),
                classpath.toString());
        assertTrue(classpath.stream().anyMatch(e -> Path.of(e).getFileName().toString().startsWith("hadoop-yarn-client-")));
        assertTrue(classpath.stream().anyMatch(e -> Path.of(e).getFileName().toString().startsWith("hadoop-hdfs-client-")));
        for (String entry : classpath) {
            String name = Path.of(entry).getFileName().toString();
            assertTrue(Path.of(entry).isAbsolute(), entry);
            assertFalse(name.startsWith("junit") || name.startsWith("log4j-core") || name.startsWith("sluice-")
                    || name.contains("-tests.jar") || name.startsWith("curator-test"), entry);
            assertFalse(entry.endsWith("classes"), entry);
        }
        assertEquals("JAVA_HOME=" + System.getProperty("java.home"), conf.get(YarnConfiguration.NM_ADMIN_USER_ENV));
    }

    /**
     * A real application: its container gets Java and Hadoop from the cluster (JAVA_HOME,
     * yarn.application.classpath) and nothing else, the RM proxy reaches the AM's tracking URL, and
     * the container's output is aggregated into HDFS where `yarn logs` finds it.
     */
    @Test
    void applicationContainerRunsHadoopFromTheClusterClasspathAndItsLogsAreAggregated() throws Exception {
        YarnConfiguration conf = cluster.getConfiguration();
        HttpServer amWeb = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        amWeb.createContext("/", exchange -> {
            byte[] body = ("am says hi to " + exchange.getRequestURI()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        amWeb.start();
        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(conf);
            yarn.start();
            try (UnmanagedApplicationMaster am = new UnmanagedApplicationMaster(conf, yarn, "classpath-check")) {
                ApplicationId appId = am.applicationId();
                am.register("http://127.0.0.1:" + amWeb.getAddress().getPort() + "/");

                // the tracking link, through the ResourceManager's web proxy
                HttpResponse<String> proxied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://" + cluster.getResourceManagerWebAddress() + "/proxy/" + appId + "/jobs?x=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, proxied.statusCode(), proxied.body());
                assertEquals("am says hi to /jobs?x=1", proxied.body());

                String classpath = String.join(ApplicationConstants.CLASS_PATH_SEPARATOR,
                        conf.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH));
                // VersionInfo is in hadoop-common; the second class must NOT be loadable in containers.
                String command = ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx64m"
                        + " org.apache.hadoop.util.VersionInfo"
                        + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                        + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"
                        + " && " + ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx64m"
                        + " -cp \"$CLASSPATH\" io.sluice.sandbox.ClasspathProbe"
                        + " 1>>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                        + " 2>>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr"
                        + " || echo probe-not-loadable >>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout";
                ContainerStatus status = am.runContainer(List.of(command), Map.of("CLASSPATH", classpath),
                        256, Duration.ofSeconds(60));
                assertEquals(0, status.getExitStatus(), status.getDiagnostics());
                am.finish(FinalApplicationStatus.SUCCEEDED);

                waitForLogAggregation(yarn, appId);
                String logs = yarnLogs(conf, appId);
                assertTrue(logs.contains("Hadoop 3.4.3"), logs);
                // the test classes dir (Sluice's own code) is not on a container's classpath
                assertTrue(logs.contains("probe-not-loadable"), logs);
                assertTrue(logs.contains("ClassNotFoundException: io.sluice.sandbox.ClasspathProbe")
                        || logs.contains("Could not find or load main class io.sluice.sandbox.ClasspathProbe"), logs);
            }
        } finally {
            amWeb.stop(0);
        }
    }

    private static void waitForLogAggregation(YarnClient yarn, ApplicationId appId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            ApplicationReport report = yarn.getApplicationReport(appId);
            if (report.getYarnApplicationState() == YarnApplicationState.FINISHED
                    && report.getLogAggregationStatus() == LogAggregationStatus.SUCCEEDED) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("log aggregation did not finish: " + report.getYarnApplicationState()
                        + " " + report.getLogAggregationStatus());
            }
            Thread.sleep(100);
        }
    }

    /** What `yarn logs -applicationId` prints. */
    private static String yarnLogs(Configuration conf, ApplicationId appId) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            WebServiceClient.initialize(conf); // what LogsCLI.main does first
            LogsCLI cli = new LogsCLI();
            cli.setConf(conf);
            assertEquals(0, cli.run(new String[] {"-applicationId", appId.toString()}));
        } finally {
            WebServiceClient.destroy();
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * A managed AM in a container: the application report's tracking URL is the RM proxy address (real
     * port, not 0), and the proxy reaches the AM's web endpoint, sub-paths and query strings included.
     */
    @Test
    void trackingLinkOfAnApplicationMasterInAContainerGoesThroughTheProxy() throws Exception {
        YarnConfiguration conf = cluster.getConfiguration();
        FileSystem fs = cluster.getFileSystem();
        org.apache.hadoop.fs.Path jar = new org.apache.hadoop.fs.Path("/test/apps/test-am.jar");
        try (OutputStream out = fs.create(jar, true)) {
            writeJarOf(TestApplicationMaster.class, out);
        }
        FileStatus jarStatus = fs.getFileStatus(jar);
        LocalResource amJar = LocalResource.newInstance(URL.fromPath(fs.makeQualified(jar)),
                LocalResourceType.FILE, LocalResourceVisibility.APPLICATION, jarStatus.getLen(),
                jarStatus.getModificationTime());
        String classpath = ApplicationConstants.Environment.PWD.$$() + "/am.jar" + ApplicationConstants.CLASS_PATH_SEPARATOR
                + String.join(ApplicationConstants.CLASS_PATH_SEPARATOR, conf.getStrings(YarnConfiguration.YARN_APPLICATION_CLASSPATH));
        String command = ApplicationConstants.Environment.JAVA_HOME.$$() + "/bin/java -Xmx128m "
                + TestApplicationMaster.class.getName() + " " + conf.get(YarnConfiguration.RM_SCHEDULER_ADDRESS)
                + " 1>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stdout"
                + " 2>" + ApplicationConstants.LOG_DIR_EXPANSION_VAR + "/stderr";

        try (YarnClient yarn = YarnClient.createYarnClient()) {
            yarn.init(conf);
            yarn.start();
            ApplicationSubmissionContext context = yarn.createApplication().getApplicationSubmissionContext();
            ApplicationId appId = context.getApplicationId();
            context.setApplicationName("tracking-link");
            context.setResource(Resource.newInstance(256, 1));
            context.setAMContainerSpec(ContainerLaunchContext.newInstance(Map.of("am.jar", amJar),
                    Map.of("CLASSPATH", classpath), List.of(command), null, null, null));
            yarn.submitApplication(context);

            ApplicationReport report = waitFor(yarn, appId, r -> r.getYarnApplicationState() == YarnApplicationState.RUNNING
                    && r.getOriginalTrackingUrl() != null && r.getOriginalTrackingUrl().startsWith("http"));
            String proxyBase = cluster.getProxyUrl(appId);
            assertEquals("http://" + cluster.getResourceManagerWebAddress() + "/proxy/" + appId + "/", proxyBase);
            assertEquals(proxyBase, report.getTrackingUrl());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(proxyBase + "jobs/overview?x=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            assertEquals("managed am /jobs/overview?x=1", page.body());

            http.send(HttpRequest.newBuilder(URI.create(proxyBase + "stop")).build(), HttpResponse.BodyHandlers.ofString());
            ApplicationReport done = waitFor(yarn, appId, r -> r.getYarnApplicationState() == YarnApplicationState.FINISHED);
            assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus(), done.getDiagnostics());
        }
    }

    private static ApplicationReport waitFor(YarnClient yarn, ApplicationId appId,
            java.util.function.Predicate<ApplicationReport> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ApplicationReport report = yarn.getApplicationReport(appId);
        while (!condition.test(report)) {
            if (System.nanoTime() > deadline || report.getYarnApplicationState() == YarnApplicationState.FAILED) {
                throw new AssertionError("application " + appId + " is " + report.getYarnApplicationState() + ": "
                        + report.getDiagnostics());
            }
            Thread.sleep(100);
            report = yarn.getApplicationReport(appId);
        }
        return report;
    }

    /** A jar with the class files of {@code type} (and its nested classes), from the test classes dir. */
    private static void writeJarOf(Class<?> type, OutputStream out) throws Exception {
        Path classesDir = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packageDir = type.getPackageName().replace('.', '/');
        try (JarOutputStream jar = new JarOutputStream(out)) {
            try (var files = Files.list(classesDir.resolve(packageDir))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith(type.getSimpleName()))
                        .toList()) {
                    jar.putNextEntry(new JarEntry(packageDir + "/" + file.getFileName()));
                    jar.write(Files.readAllBytes(file));
                    jar.closeEntry();
                }
            }
        }
    }
}
