package io.sluice.it.yarn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.dataflow.JobJars;
import io.sluice.it.dataflow.jobs.ClassVisibilityJob;
import io.sluice.sandbox.EmbeddedHadoopCluster;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.yarn.api.records.ApplicationAccessType;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-job and application clusters, failures (TaskManager container killed, ApplicationMaster
 * attempts exhausted) and bad input, through bin/sluice and bin/yarn-session.sh on one shared
 * embedded Hadoop cluster.
 */
@Timeout(300)
class YarnJobClustersTest {

    @TempDir
    static Path tmp;

    static EmbeddedHadoopCluster cluster;
    static YarnDistribution dist;

    @BeforeAll
    static void start() throws Exception {
        cluster = YarnDistribution.startCluster("job-clusters", 1, Map.of());
        dist = new YarnDistribution(cluster, tmp, Map.of());
    }

    @AfterAll
    static void stop() {
        if (dist != null) {
            dist.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<String> run(String... args) {
        return List.of(args);
    }

    @Test
    void attachedPerJobExitsWithTheJobsOutcome() throws Exception {
        YarnDistribution.Result ok = dist.sluice(run("run", "-t", "yarn-per-job", "-p", "2", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/per-job"), "--to", "10000"), Duration.ofMinutes(3));
        assertEquals(0, ok.exitCode(), ok.describe());
        assertTrue(ok.stderr().contains("finished successfully"), ok.describe());
        dist.assertSequenceOutput("/out/per-job", 1, 10000);

        // the job fails at run time in the cluster (its output dir's parent is a file): exit 1 and the cause
        try (var out = cluster.getFileSystem().create(new org.apache.hadoop.fs.Path("/blocker"))) {
            out.write(1);
        }
        YarnDistribution.Result failed = dist.sluice(run("run", "-t", "yarn-per-job", "-D", "restart-strategy.type=none",
                dist.examplesJar().toString(), "--output", dist.hdfs("/blocker/out"), "--to", "100"), Duration.ofMinutes(3));
        assertEquals(1, failed.exitCode(), failed.describe());
        assertTrue(failed.stderr().contains("FAILED"), failed.describe());
        assertTrue(failed.stderr().contains("/blocker"), "the cause names the path: " + failed.describe());
        assertStagingGone(ok, failed);
    }

    @Test
    void applicationModeRunsMainInTheCluster() throws Exception {
        YarnDistribution.Result ok = dist.sluice(run("run", "-t", "yarn-application", "-p", "2", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/application"), "--from", "10", "--to", "5000"), Duration.ofMinutes(3));
        assertEquals(0, ok.exitCode(), ok.describe());
        dist.assertSequenceOutput("/out/application", 10, 5000);

        YarnDistribution.Result failed = dist.sluice(run("run", "-t", "yarn-application", "-c", "io.sluice.examples.FailingJob",
                dist.examplesJar().toString()), Duration.ofMinutes(3));
        assertEquals(1, failed.exitCode(), failed.describe());
        assertTrue(failed.stderr().contains("this job fails on purpose"), failed.describe());
        assertStagingGone(ok, failed);
    }

    @Test
    void aJobsOwnLibrariesWinOverHadoopsClassPathAndAkkaAndScalaStayHidden() throws Exception {
        // the job bundles commons-lang3's StringUtils, which the containers' Hadoop class path has too
        Path jar = JobJars.build(tmp.resolve("visibility.jar"), List.of(org.apache.commons.lang3.StringUtils.class));
        YarnDistribution.Result childFirst = dist.sluice(run("run", "-t", "yarn-per-job", "-c",
                ClassVisibilityJob.class.getName(), jar.toString(), dist.hdfs("/out/visibility")), Duration.ofMinutes(3));
        assertEquals(0, childFirst.exitCode(), childFirst.describe());
        assertEquals(taskManagerView("job"), dist.readLines("/out/visibility"));

        // application mode, and the class path first on request
        YarnDistribution.Result parentFirst = dist.sluice(run("run", "-t", "yarn-application", "-D",
                "classloader.resolve-order=parent-first", "-c", ClassVisibilityJob.class.getName(), jar.toString(),
                dist.hdfs("/out/visibility-parent-first")), Duration.ofMinutes(3));
        assertEquals(0, parentFirst.exitCode(), parentFirst.describe());
        assertEquals(taskManagerView("class-path"), dist.readLines("/out/visibility-parent-first"));
    }

    private static List<String> taskManagerView(String stringUtilsFrom) {
        return List.of("taskmanager,akka.actor.ActorSystem,hidden", "taskmanager,scala.Option,hidden",
                "taskmanager,com.typesafe.config.ConfigFactory,hidden",
                "taskmanager,io.sluice.api.StreamEnvironment,class-path",
                "taskmanager,org.apache.commons.lang3.StringUtils," + stringUtilsFrom);
    }

    @Test
    void killedTaskManagerContainerIsReplacedAndTheJobFinishes() throws Exception {
        YarnDistribution.Result submit = dist.sluice(run("run", "-t", "yarn-per-job", "-d", "-p", "2",
                "-D", "restart-strategy.fixed-delay.attempts=5", "-D", "yarn.view-acls=alice,bob ops",
                "-D", "yarn.modify-acls=alice", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/tm-kill"), "--to", "6000", "--rate", "150"), Duration.ofMinutes(2));
        assertEquals(0, submit.exitCode(), submit.describe());
        String appId = submit.applicationId();
        assertEquals(appId, submit.stdout().trim(), "detached per-job prints only the application id");
        // the ACLs as the ResourceManager holds them for the application
        Map<ApplicationAccessType, String> acls = cluster.getYarnCluster().getResourceManager().getRMContext()
                .getRMApps().get(ApplicationId.fromString(appId)).getApplicationSubmissionContext()
                .getAMContainerSpec().getApplicationACLs();
        assertEquals("alice,bob ops", acls.get(ApplicationAccessType.VIEW_APP));
        assertEquals("alice", acls.get(ApplicationAccessType.MODIFY_APP));

        ProcessHandle tm = awaitProcess(appId, "YarnTaskManagerRunner", Duration.ofMinutes(2));
        String rest = "http://" + dist.report(appId).getHost() + ":" + dist.report(appId).getRpcPort();
        io.sluice.it.yarn.Http.awaitJson(rest + "/jobs/overview",
                j -> j.path("jobs").toString().contains("RUNNING"), Duration.ofMinutes(1));
        Thread.sleep(2000); // let it write some output first
        String killed = containerOf(tm);
        tm.destroyForcibly(); // SIGKILL, like the kernel's OOM killer or a lost node

        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(3));
        assertEquals(FinalApplicationStatus.SUCCEEDED, end.getFinalApplicationStatus(), end.getDiagnostics());
        dist.assertSequenceOutput("/out/tm-kill", 1, 6000);
        String log = Files.readString(jobManagerLog(appId, 1));
        assertTrue(log.contains("Container " + killed + " completed"), "the AM saw the container end");
        long launches = log.lines().filter(l -> l.contains("Launching TaskManager in container")).count();
        assertTrue(launches >= 2, "a replacement container was launched: " + launches);
    }

    @Test
    void exhaustedAttemptsFailTheApplicationAndItsStagingDirIsSweptLater() throws Exception {
        // every failure counts (validity interval 0): on a loaded machine attempt 2 may start more than the
        // default 10 s after attempt 1 failed, and then attempt 1 would no longer count
        YarnDistribution.Result deploy = dist.run("yarn-session.sh", run("-d", "-D", "yarn.application-attempts=2",
                "-D", "yarn.application-attempt-failures-validity-interval=0s"), Duration.ofMinutes(2));
        assertEquals(0, deploy.exitCode(), deploy.describe());
        assertTrue(deploy.stderr().contains("without high availability"), "warns: " + deploy.describe());
        String appId = deploy.applicationId();

        awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(30)).destroyForcibly();
        dist.awaitReport(appId, r -> r.getCurrentApplicationAttemptId().getAttemptId() == 2
                && r.getYarnApplicationState() == YarnApplicationState.RUNNING && r.getRpcPort() > 0, Duration.ofMinutes(2));
        awaitProcess(appId, "YarnApplicationMaster", Duration.ofSeconds(30)).destroyForcibly();
        ApplicationReport end = dist.awaitReport(appId, YarnDistribution::ended, Duration.ofMinutes(1));
        assertEquals(FinalApplicationStatus.FAILED, end.getFinalApplicationStatus());
        assertTrue(end.getDiagnostics().contains("failed 2 times"), end.getDiagnostics());
        assertTrue(end.getDiagnostics().contains("exitCode: 137"), end.getDiagnostics());
        assertTrue(dist.stagingDirs().contains(appId), "a SIGKILLed last attempt cannot clean up");

        // the next deployment removes it; this one is a detached per-job cluster that must reach FINISHED
        YarnDistribution.Result next = dist.sluice(run("run", "-t", "yarn-per-job", "-d", dist.examplesJar().toString(),
                "--output", dist.hdfs("/out/after-sweep"), "--to", "1000"), Duration.ofMinutes(2));
        assertEquals(0, next.exitCode(), next.describe());
        assertTrue(next.stderr().contains("Removed the staging dir of ended application " + appId), next.describe());
        ApplicationReport done = dist.awaitReport(next.applicationId(), YarnDistribution::ended, Duration.ofMinutes(2));
        assertEquals(YarnApplicationState.FINISHED, done.getYarnApplicationState());
        assertEquals(FinalApplicationStatus.SUCCEEDED, done.getFinalApplicationStatus(), done.getDiagnostics());
        dist.assertSequenceOutput("/out/after-sweep", 1, 1000);
    }

    @Test
    void badInputIsOneClearMessageAndLeavesNothingBehind() throws Exception {
        int appsBefore = dist.yarn.getApplications().size();
        List<String> stagingBefore = dist.stagingDirs();
        String jar = dist.examplesJar().toString();

        // exit code 2 for every mistake that keeps the job from starting, whichever the target (docs/deployment.md)
        YarnDistribution.Result queue = dist.sluice(run("run", "-t", "yarn-application", "-D", "yarn.application.queue=nope",
                jar, "--output", dist.hdfs("/out/x")), Duration.ofMinutes(1));
        assertEquals(2, queue.exitCode(), queue.describe());
        assertTrue(queue.stderr().contains("YARN has no queue 'nope'") && queue.stderr().contains("default"), queue.describe());
        YarnDistribution.Result perJobQueue = dist.sluice(run("run", "-t", "yarn-per-job", "-D", "yarn.application.queue=nope",
                jar, "--output", dist.hdfs("/out/x")), Duration.ofMinutes(1));
        assertEquals(2, perJobQueue.exitCode(), perJobQueue.describe());
        assertTrue(perJobQueue.stderr().contains("Error: YARN has no queue 'nope'"), perJobQueue.describe());

        YarnDistribution.Result noJar = dist.sluice(run("run", "-t", "yarn-per-job", tmp.resolve("no-such.jar").toString()),
                Duration.ofMinutes(1));
        assertEquals(2, noJar.exitCode(), noJar.describe());
        assertTrue(noJar.stderr().contains("does not exist"), noJar.describe());

        // a ship file named like a file Sluice stages itself would overwrite it in the containers' working dir
        java.nio.file.Path clash = java.nio.file.Files.writeString(
                java.nio.file.Files.createDirectories(tmp.resolve("ship")).resolve("sluice.yaml"), "parallelism.default: 3\n");
        YarnDistribution.Result sameName = dist.run("yarn-session.sh", run("-d", "-D", "yarn.ship-files=" + clash),
                Duration.ofMinutes(1));
        assertEquals(2, sameName.exitCode(), sameName.describe());
        assertTrue(sameName.stderr().contains("two files would be staged as 'sluice.yaml'"), sameName.describe());

        YarnDistribution.Result big = dist.run("yarn-session.sh", run("-d", "-tm", "64g"), Duration.ofMinutes(1));
        assertEquals(2, big.exitCode(), big.describe());
        assertTrue(big.stderr().contains("taskmanager.memory.process.size = 65536m is more than YARN's largest container"),
                big.describe());

        YarnDistribution.Result noConf = dist.run("sluice", run("run", "-t", "yarn-application", jar, "--output", "/x"),
                mapOf("HADOOP_CONF_DIR", null), Duration.ofMinutes(1));
        assertEquals(2, noConf.exitCode(), noConf.describe());
        assertTrue(noConf.stderr().contains("HADOOP_CONF_DIR is not set"), noConf.describe());

        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        YarnDistribution.Result unreachable = dist.run("yarn-session.sh", run("-d",
                        "-D", "sluice.hadoop.yarn.resourcemanager.address=localhost:" + deadPort,
                        "-D", "yarn.client.rm-connect-timeout=2s"), Map.of(), Duration.ofMinutes(2));
        assertEquals(2, unreachable.exitCode(), unreachable.describe());
        assertTrue(unreachable.stderr().contains("cannot reach the YARN ResourceManager at localhost:" + deadPort),
                unreachable.describe());
        YarnDistribution.Result perJobUnreachable = dist.sluice(run("run", "-t", "yarn-per-job",
                "-D", "sluice.hadoop.yarn.resourcemanager.address=localhost:" + deadPort,
                "-D", "yarn.client.rm-connect-timeout=2s", jar, "--output", dist.hdfs("/out/x")), Duration.ofMinutes(2));
        assertEquals(2, perJobUnreachable.exitCode(), perJobUnreachable.describe());
        assertTrue(perJobUnreachable.stderr().contains("cannot reach the YARN ResourceManager at localhost:" + deadPort),
                perJobUnreachable.describe());

        assertEquals(appsBefore, dist.yarn.getApplications().size(), "no application was submitted");
        assertEquals(stagingBefore, dist.stagingDirs(), "nothing was staged");
    }

    /** The applications these attached runs started (named on their stderr) left no staging dir behind. */
    private static void assertStagingGone(YarnDistribution.Result... runs) throws Exception {
        List<String> staging = dist.stagingDirs();
        int seen = 0;
        for (YarnDistribution.Result r : runs) {
            for (String appId : YarnDistribution.APP_ID.matcher(r.stderr()).results().map(m -> m.group()).distinct().toList()) {
                seen++;
                assertTrue(!staging.contains(appId), "staging dir of " + appId + " left behind: " + staging);
            }
        }
        assertTrue(seen >= runs.length, "the runs name their applications");
    }

    private static Map<String, String> mapOf(String k, String v) {
        Map<String, String> m = new HashMap<>();
        m.put(k, v);
        return m;
    }

    /** A container process of the application, found by its command line (the log file path names the container). */
    static ProcessHandle awaitProcess(String appId, String mainClass, Duration timeout) throws InterruptedException {
        String containerPrefix = "container_" + appId.substring("application_".length());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = ProcessHandle.allProcesses().filter(h -> {
                String cmd = h.info().commandLine().orElse("");
                return cmd.contains(mainClass) && cmd.contains(containerPrefix) && cmd.contains("/bin/java");
            }).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + mainClass + " process of " + appId + " within " + timeout);
    }

    static String containerOf(ProcessHandle p) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("container_\\d+_\\d+_\\d+_\\d+")
                .matcher(p.info().commandLine().orElse(""));
        if (!m.find()) {
            throw new AssertionError("no container id in " + p.info().commandLine());
        }
        return m.group();
    }

    /** jobmanager.log of an attempt, from the NodeManager's log dir (kept: yarn.nodemanager.delete.debug-delay-sec). */
    static Path jobManagerLog(String appId, int attempt) throws Exception {
        String container = String.format("container_%s_%02d_000001", appId.substring("application_".length()), attempt);
        try (Stream<Path> files = Files.walk(cluster.getBaseDir())) {
            List<Path> found = new ArrayList<>(files.filter(f -> f.endsWith(Path.of(appId, container, "jobmanager.log"))).toList());
            assertNotEquals(0, found.size(), "no jobmanager.log of " + container);
            return found.get(0);
        }
    }
}
