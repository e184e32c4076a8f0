package io.sluice.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox's small pieces: conf merging, classpath selection, options, state files. */
class SandboxFilesTest {

    @Test
    void sluiceYamlKeepsTheDistributionSettingsAndReplacesTheSandboxKeys() {
        String base = "# comment\nrest.port: 8081\nhigh-availability.type: none\nparallelism.default: 1\n";
        String merged = SluiceConfDir.merge(base,
                SluiceConfDir.sandboxSettings("127.0.0.1:2181", "hdfs://localhost:9000"));
        assertTrue(merged.contains("rest.port: 8081\n"), merged);
        assertTrue(merged.contains("parallelism.default: 1\n"), merged);
        assertTrue(merged.contains("# (set by the sandbox below) high-availability.type: none"), merged);
        assertEquals(1, merged.split("\nhigh-availability.type: ", -1).length - 1, merged);
        assertTrue(merged.contains("high-availability.type: zookeeper\n"), merged);
        assertTrue(merged.contains("high-availability.zookeeper.quorum: 127.0.0.1:2181\n"), merged);
        assertTrue(merged.contains("high-availability.storageDir: hdfs://localhost:9000/sluice/ha\n"), merged);
        assertFalse(merged.contains("state.checkpoints.dir"), "no keys Sluice does not know yet");
    }

    @Test
    void confDirCopiesTheDistributionConfAndWritesSluiceYaml(@TempDir Path tmp) throws Exception {
        Path dist = Files.createDirectories(tmp.resolve("dist-conf"));
        Files.writeString(dist.resolve("sluice.yaml"), "taskmanager.numberOfTaskSlots: 2\n");
        Files.writeString(dist.resolve("log4j-cli.properties"), "log4j.rootLogger=WARN, console\n");
        Path target = tmp.resolve("sandbox/conf");
        SluiceConfDir.write(dist, target, SluiceConfDir.sandboxSettings("zk:1", "hdfs://nn:2"));
        assertEquals("log4j.rootLogger=WARN, console\n", Files.readString(target.resolve("log4j-cli.properties")));
        String yaml = Files.readString(target.resolve("sluice.yaml"));
        assertTrue(yaml.startsWith("taskmanager.numberOfTaskSlots: 2\n"), yaml);
        assertTrue(yaml.contains("high-availability.zookeeper.quorum: zk:1"), yaml);
    }

    @Test
    void onlyJarsOfListedArtifactsReachTheContainerClasspath() {
        List<String> entries = List.of(
                "/repo/org/apache/hadoop/hadoop-common/3.4.3/hadoop-common-3.4.3.jar",
                "/repo/org/apache/hadoop/hadoop-common/3.4.3/hadoop-common-3.4.3-tests.jar",
                "/repo/org/eclipse/jetty/jetty-util-ajax/9.4.57/jetty-util-ajax-9.4.57.jar",
                "/repo/io/netty/netty-transport-native-epoll-4.1.127.Final-linux-x86_64.jar",
                "/dist/lib/sluice-runtime-0.1-SNAPSHOT.jar",
                "/dist/lib/akka-actor_2.13-2.6.21.jar",
                "/work/runtime/target/classes");
        List<String> selected = HadoopClasspath.select(entries,
                Set.of("hadoop-common", "jetty-util", "netty-transport-native-epoll"));
        assertEquals(List.of(
                "/repo/org/apache/hadoop/hadoop-common/3.4.3/hadoop-common-3.4.3.jar",
                "/repo/io/netty/netty-transport-native-epoll-4.1.127.Final-linux-x86_64.jar"), selected);
    }

    @Test
    void theBuildTimeArtifactListNamesHadoopButNotTestOrLoggingJars() {
        Set<String> ids = HadoopClasspath.hadoopArtifactIds();
        assertTrue(ids.containsAll(Set.of("hadoop-common", "hadoop-yarn-client", "hadoop-hdfs-client", "zookeeper")), ids.toString());
        for (String excluded : List.of("hadoop-minicluster", "junit", "log4j-core", "log4j-slf4j-impl", "curator-test")) {
            assertFalse(ids.contains(excluded), excluded);
        }
    }

    @Test
    void optionsAreParsedAndBadOnesNamed() {
        SandboxOptions options = SandboxOptions.parse(new String[] {"--dir", "/tmp/s", "--nodemanagers", "3", "--memory", "2048"});
        assertEquals(Path.of("/tmp/s"), options.dir());
        assertEquals(3, options.nodeManagers());
        assertEquals(2048, options.nodeManagerMemoryMb());
        assertEquals(8, options.nodeManagerVcores());

        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> SandboxOptions.parse(new String[] {"--dir", "/tmp/s", "--memory", "lots"}));
        assertEquals("--memory needs a whole number, got 'lots'", notANumber.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.parse(new String[] {"--nodemanagers", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> SandboxOptions.parse(new String[] {"--dir", "/tmp/s", "--nodemanagers", "0"}));
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.parse(new String[] {"--dir"}));
    }

    @Test
    void stateFileRoundTripsAndIsClearedOnStop(@TempDir Path dir) throws Exception {
        SandboxState.writeReady(dir, Map.of("rm.web", "http://localhost:1234", "pid", "42"));
        assertEquals("http://localhost:1234", SandboxState.read(dir).get("rm.web"));
        assertTrue(Files.readString(dir.resolve(SandboxState.READY_FILE)).contains("pid=42\n"));
        SandboxState.clear(dir);
        assertFalse(Files.exists(dir.resolve(SandboxState.READY_FILE)));
    }
}
