package io.sluice.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
