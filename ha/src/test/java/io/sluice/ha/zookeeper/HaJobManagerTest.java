package io.sluice.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.dispatcher.JobOverview;
import io.sluice.entrypoint.JobManager;
import io.sluice.entrypoint.TaskManagerRunner;
import io.sluice.graph.JobGraph;
import io.sluice.ha.StoredJobGraph;
import io.sluice.jobmaster.JobDetails;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.taskexecutor.TaskExecutor;
import io.sluice.translation.JobGraphGenerator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.curator.test.KillSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JobManagers and a TaskManager in this JVM over real RPC, on a real ZooKeeper and HDFS: failover on
 * session expiry with the running job moving to the new leader, fencing of the old leader, a
 * recovered Dispatcher that never re-runs a finished job, and cleanup of a finished job's HA data.
 */
@Timeout(180)
class HaJobManagerTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static File base;

    static HaTestCluster cluster;

    @TempDir
    Path tmp;

    final List<AutoCloseable> toClose = new ArrayList<>();
    Configuration config;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = HaTestCluster.start(base, 200);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeAll() {
        List<AutoCloseable> reversed = new ArrayList<>(toClose);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
        StreamEnvironment.resetContext();
    }

    Configuration config() {
        if (config == null) {
            config = cluster.haConfiguration();
            config.setString("jobmanager.rpc.port", "0");
            config.setString("rest.port", "0");
            config.setString("rest.bind-address", "127.0.0.1");
            config.setString("io.tmp.dirs", tmp.toString());
            config.setString("restart-strategy.fixed-delay.delay", "100 ms");
            config.setString("high-availability.zookeeper.client.session-timeout", "2 s");
        }
        return config;
    }

    JobManager jobManager(String instanceId) throws Exception {
        Configuration c = config().copy();
        c.setString("high-availability.instance-id", instanceId);
        JobManager jm = JobManager.start(c);
        toClose.add(jm);
        return jm;
    }

    TaskExecutor taskManager(int slots) throws Exception {
        RpcService rpc = RpcSystem.load().start(RpcServiceSettings.loopback());
        toClose.add(rpc);
        Configuration c = config().copy();
        c.setString("taskmanager.numberOfTaskSlots", String.valueOf(slots));
        TaskExecutor te = TaskManagerRunner.start(c, rpc, t -> { });
        toClose.add(() -> te.closeAsync().get(30, TimeUnit.SECONDS));
        return te;
    }

    static boolean isLeader(JobManager jm) {
        return jm.dispatcher().fencingToken() != null;
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " did not happen within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    static JobGraph sequenceJob(String name, Path out, long to, long ratePerSubtask, int parallelism) {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(parallelism);
        env.fromSequence(1, to, ratePerSubtask).writeAsText(out.toUri().toString());
        return JobGraphGenerator.translate(env.getStreamGraph(name));
    }

    static JobDetails details(JobManager jm, JobId id) throws Exception {
        return jm.dispatcher().<JobDetails>ask(new DispatcherProtocol.RequestJobDetails(id)).get(10, TimeUnit.SECONDS);
    }

    static JobDetails awaitJob(JobManager jm, JobId id, Predicate<JobDetails> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "(none)";
        while (System.nanoTime() < deadline) {
            try {
                JobDetails d = details(jm, id);
                if (condition.test(d)) {
                    return d;
                }
                last = d.status() + " " + d.tasksPerState();
            } catch (ExecutionException e) {
                last = e.getCause().toString();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " not in the expected state within " + WAIT + "; last: " + last);
    }

    static Set<Long> output(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            Set<Long> values = new TreeSet<>();
            long lines = 0;
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                for (String line : Files.readAllLines(p)) {
                    values.add(Long.parseLong(line));
                    lines++;
                }
            }
            assertEquals(values.size(), lines, "no value written twice");
            return values;
        }
    }

    @Test
    void sessionExpiryMovesTheRunningJobToTheStandbyAndFencesTheOldLeader() throws Exception {
        JobManager a = jobManager("a");
        await("a leads", () -> isLeader(a));
        JobManager b = jobManager("b");
        taskManager(2);
        Path out = tmp.resolve("out");
        JobGraph job = sequenceJob("moving job", out, 6000, 500, 2); // ~6 s of work
        a.dispatcher().ask(new DispatcherProtocol.SubmitJob(job, List.of())).get(30, TimeUnit.SECONDS);
        awaitJob(a, job.jobId(), d -> d.status() == JobStatus.RUNNING
                && d.tasksPerState().getOrDefault(io.sluice.common.ExecutionState.RUNNING, 0) == 2);
        UUID oldDispatcherToken = a.dispatcher().fencingToken();
        UUID oldRmToken = a.resourceManagerLeader().token();
        String oldDispatcher = a.dispatcher().address();

        KillSession.kill(((ZooKeeperHaServices) a.haServices()).curator().getZookeeperClient().getZooKeeper());
        await("b leads", () -> isLeader(b));
        // A learns of its expired session on its own (there may be a short overlap: fencing covers it).
        await("a steps down", () -> !isLeader(a));

        JobDetails done = awaitJob(b, job.jobId(), d -> d.status().isGloballyTerminal());
        assertEquals(JobStatus.FINISHED, done.status());
        assertEquals(LongStream.rangeClosed(1, 6000).boxed().collect(Collectors.toCollection(TreeSet::new)), output(out));

        // Messages with the old leader's tokens are rejected, by the new leader and by the old one.
        RpcRef<DispatcherProtocol> stale = b.rpcService().<DispatcherProtocol>connect(b.dispatcher().address(),
                oldDispatcherToken, DispatcherProtocol.class).get(10, TimeUnit.SECONDS);
        assertFencingRejected(stale);
        RpcRef<DispatcherProtocol> deposed = b.rpcService().<DispatcherProtocol>connect(oldDispatcher,
                oldDispatcherToken, DispatcherProtocol.class).get(10, TimeUnit.SECONDS);
        if (!isLeader(a)) { // a may have become standby with a new session; it leads only if b died
            assertFencingRejected(deposed);
        }
        assertNotEquals(oldRmToken, b.resourceManagerLeader().token());
        RpcRef<io.sluice.protocol.ResourceManagerProtocol> staleRm = b.rpcService()
                .<io.sluice.protocol.ResourceManagerProtocol>connect(b.resourceManagerLeader().address(),
                        oldRmToken, io.sluice.protocol.ResourceManagerProtocol.class).get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> staleRm.ask(
                new io.sluice.protocol.ResourceManagerProtocol.ListTaskManagers()).get(10, TimeUnit.SECONDS));
        assertTrue(SerializedThrowable.isCausedBy(e, FencingTokenException.class), e.toString());

        assertJobDataGone(b, job.jobId());
    }

    private static void assertFencingRejected(RpcRef<DispatcherProtocol> ref) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> ref.ask(new DispatcherProtocol.ListJobs()).get(10, TimeUnit.SECONDS));
        assertTrue(SerializedThrowable.isCausedBy(e, FencingTokenException.class), e.toString());
    }

    private void assertJobDataGone(JobManager jm, JobId id) throws Exception {
        ZooKeeperHaServices ha = (ZooKeeperHaServices) jm.haServices();
        await("cleanup of job " + id, () -> {
            try {
                return ha.jobResultStore().hasCleanJobResultEntry(id);
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(ha.jobGraphStore().jobIds().isEmpty());
        assertEquals(null, ha.curator().checkExists().forPath("/jobgraphs/" + id));
        assertEquals(null, ha.curator().checkExists().forPath("/leader/job-" + id));
        String dir = "/sluice-ha/" + config().get(ZooKeeperHaOptions.CLUSTER_ID) + "/";
        assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(dir + "jobgraphs/" + id)));
        assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(dir + "blobs/" + id)));
    }

    @Test
    void theStandbyAnswers503AndNamesTheLeadersRestApi() throws Exception {
        JobManager a = jobManager("a");
        await("a leads", () -> isLeader(a));
        JobManager b = jobManager("b");
        String leaderUrl = "http://" + a.restAddress() + ":" + a.restPort();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest overview = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + b.restPort() + "/overview")).build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        java.net.http.HttpResponse<String> r;
        do {
            r = http.send(overview, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.body().contains(leaderUrl) || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50);
        } while (true);
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("not the leader") && r.body().contains(leaderUrl), r.body());
        java.net.http.HttpResponse<String> fromLeader = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(leaderUrl + "/overview")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fromLeader.statusCode(), fromLeader.body());
    }

    @Test
    void aRecoveredDispatcherNeverRunsAFinishedJobAgain() throws Exception {
        JobManager a = jobManager("a");
        await("a leads", () -> isLeader(a));
        taskManager(1);
        Path out = tmp.resolve("out");
        JobGraph job = sequenceJob("short job", out, 100, 0, 1);
        a.dispatcher().ask(new DispatcherProtocol.SubmitJob(job, List.of())).get(30, TimeUnit.SECONDS);
        assertEquals(JobStatus.FINISHED, awaitJob(a, job.jobId(), d -> d.status().isGloballyTerminal()).status());
        assertJobDataGone(a, job.jobId());

        JobManager b = jobManager("b");
        a.close(); // orderly: the HA data stays, b takes over
        await("b leads", () -> isLeader(b));
        List<JobOverview> jobs = b.dispatcher().<List<JobOverview>>ask(new DispatcherProtocol.ListJobs()).get(10, TimeUnit.SECONDS);
        assertTrue(jobs.isEmpty(), "nothing recovered: " + jobs);
        ExecutionException again = assertThrows(ExecutionException.class, () -> b.dispatcher()
                .ask(new DispatcherProtocol.SubmitJob(job, List.of())).get(30, TimeUnit.SECONDS));
        assertTrue(again.getCause().getMessage().contains("already ran"), again.toString());
    }

    @Test
    void aNewLeaderFinishesTheCleanupOfAJobThatEndedBeforeTheFailover() throws Exception {
        // The state a leader leaves when it dies between "result recorded" and "cleanup done".
        Path out = tmp.resolve("never-written");
        JobGraph job = sequenceJob("ended before failover", out, 100, 0, 1);
        try (ZooKeeperHaServices previous = ZooKeeperStoresTest.open(config())) {
            previous.jobGraphStore().put(new StoredJobGraph(job, List.of()));
            previous.jobResultStore().createDirtyResult(new JobResult(job.jobId(), job.jobName(), JobStatus.FINISHED,
                    1, 2, 0, null));
        }
        JobManager a = jobManager("a");
        taskManager(1);
        await("a leads", () -> isLeader(a));
        JobDetails d = details(a, job.jobId());
        assertEquals(JobStatus.FINISHED, d.status(), "reported from the recorded result");
        assertJobDataGone(a, job.jobId());
        Thread.sleep(500);
        assertFalse(Files.exists(out), "the job did not run again");
    }

    @Test
    void zooKeeperUnreachableAtStartUpFailsWithinTheConnectionTimeout() throws Exception {
        Configuration c = config().copy();
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        c.setString("high-availability.zookeeper.quorum", "127.0.0.1:" + closedPort);
        c.setString("high-availability.zookeeper.client.connection-timeout", "2 s");
        long start = System.nanoTime();
        io.sluice.config.IllegalConfigurationException e = assertThrows(
                io.sluice.config.IllegalConfigurationException.class, () -> JobManager.start(c));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("Cannot connect to ZooKeeper at '127.0.0.1:" + closedPort + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("high-availability.zookeeper.client.connection-timeout"), e.getMessage());
        // a functional bound (it gives up instead of retrying forever), with room for a loaded machine
        assertTrue(millis < 2000 + 15_000, "gave up after " + millis + " ms");
    }

    @Test
    void storageDirThatCannotBeWrittenIsNamedInTheError() throws Exception {
        org.apache.hadoop.fs.FileSystem fs = cluster.fileSystem();
        org.apache.hadoop.fs.Path readOnly = new org.apache.hadoop.fs.Path("/read-only");
        fs.mkdirs(readOnly);
        fs.setPermission(readOnly, new org.apache.hadoop.fs.permission.FsPermission((short) 0555));
        Configuration c = config().copy();
        String storageDir = cluster.hdfsUri() + "/read-only/ha";
        c.setString("high-availability.storageDir", storageDir);
        // Not the HDFS superuser (that is the user running the NameNode), so permissions apply.
        org.apache.hadoop.security.UserGroupInformation bob =
                org.apache.hadoop.security.UserGroupInformation.createRemoteUser("bob");
        io.sluice.config.IllegalConfigurationException e = bob.doAs(
                (java.security.PrivilegedExceptionAction<io.sluice.config.IllegalConfigurationException>) () ->
                        assertThrows(io.sluice.config.IllegalConfigurationException.class, () -> ZooKeeperStoresTest.open(c)));
        assertTrue(e.getMessage().contains("high-availability.storageDir '" + storageDir + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("AccessControlException"), e.getMessage());

        Configuration missing = config().copy();
        missing.remove(ZooKeeperHaOptions.STORAGE_DIR);
        io.sluice.config.IllegalConfigurationException notSet = assertThrows(
                io.sluice.config.IllegalConfigurationException.class, () -> ZooKeeperStoresTest.open(missing));
        assertTrue(notSet.getMessage().contains("'high-availability.storageDir' is not set"), notSet.getMessage());
        assertNotNull(fs.getFileStatus(readOnly));
    }
}
