package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.config.RestOptions;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.dispatcher.JobOverview;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.ha.StoredJobGraph;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.translation.JobGraphGenerator;
import io.sluice.usercode.UserCodeClassLoading;
import io.sluice.yarnappmaster.YarnApplicationMaster.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Application mode on a real local JobManager and TaskManager: attempt 1 runs main() and logs its
 * jobs; a later attempt follows the logged jobs (and results recorded before the failover) instead
 * of running main() again, and runs main() only when nothing had been submitted. The staging dir is
 * a local directory through Hadoop's local FileSystem, as HDFS would be on YARN.
 */
@Timeout(120)
class ApplicationProgramRunnerTest {

    /** How often main() ran, and how many jobs it submits. */
    static final AtomicInteger MAIN_RUNS = new AtomicInteger();
    static final AtomicInteger JOBS = new AtomicInteger(2);
    static final String PROGRAM = TwoJobs.class.getName();

    /** A program with two sequential jobs. */
    public static final class TwoJobs {
        public static void main(String[] args) throws Exception {
            MAIN_RUNS.incrementAndGet();
            for (int i = 0; i < JOBS.get(); i++) {
                StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
                env.fromSequence(1, 50).map(x -> x + 1).print();
                env.execute("job " + i);
            }
        }
    }

    /** One job that runs until it is cancelled. */
    public static final class Endless {
        public static void main(String[] args) throws Exception {
            StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
            env.fromSequence(1, Long.MAX_VALUE, 10).print();
            env.execute("endless");
        }
    }

    /** Catches the cancellation of its first job and starts a second one, as a retry loop would. */
    public static final class GoesOnAfterCancellation {
        public static void main(String[] args) throws Exception {
            try {
                Endless.main(args);
            } catch (Exception cancelled) {
                Endless.main(args);
            }
        }
    }

    @TempDir
    static Path tmp;
    static LocalCluster cluster;
    static FileSystem localFs;
    static final AtomicInteger APP_IDS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        Configuration config = new Configuration();
        config.setString(RestOptions.PORT.key(), "0");
        cluster = LocalCluster.start(config, 1, 2);
        localFs = FileSystem.getLocal(new org.apache.hadoop.conf.Configuration());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ApplicationAttemptId attempt(ApplicationId app, int n) {
        return ApplicationAttemptId.newInstance(app, n);
    }

    private static ApplicationId newApp() {
        return ApplicationId.newInstance(1_700_000_000_000L, APP_IDS.incrementAndGet());
    }

    private static ApplicationJobLog log(ApplicationId app) {
        return new ApplicationJobLog(localFs, new org.apache.hadoop.fs.Path(tmp.resolve(app.toString()).toUri()));
    }

    private static Outcome run(ApplicationJobLog log, ApplicationAttemptId attempt) throws Exception {
        return run(log, attempt, false);
    }

    private static Outcome run(ApplicationJobLog log, ApplicationAttemptId attempt, boolean rerunMain) throws Exception {
        return new ApplicationProgramRunner(cluster.dispatcher(), cluster.jobManager().haServices(), log,
                attempt, new CompletableFuture<>(), rerunMain, UserCodeClassLoading.defaults())
                .run(new ApplicationProgramRunner.Program(PROGRAM, 1, List.of()), List.of());
    }

    private static long jobsOf(ApplicationId app) throws Exception {
        List<JobOverview> jobs = cluster.dispatcher().<List<JobOverview>>ask(new DispatcherProtocol.ListJobs())
                .get(10, TimeUnit.SECONDS);
        return jobs.stream().filter(j -> j.jid().startsWith(InClusterExecutor.jobIdFor(app, 0).toHexString().substring(0, 24)))
                .count();
    }

    @Test
    void jobIdsAreFixedPerApplicationAndOrdinal() {
        ApplicationId app = ApplicationId.newInstance(1_700_000_000_000L, 7);
        assertEquals(InClusterExecutor.jobIdFor(app, 0), InClusterExecutor.jobIdFor(ApplicationId.fromString(app.toString()), 0));
        assertNotEquals(InClusterExecutor.jobIdFor(app, 0), InClusterExecutor.jobIdFor(app, 1));
        assertNotEquals(InClusterExecutor.jobIdFor(app, 0), InClusterExecutor.jobIdFor(ApplicationId.newInstance(1_700_000_000_000L, 8), 0));
        assertNotEquals(InClusterExecutor.jobIdFor(app, 0), InClusterExecutor.jobIdFor(ApplicationId.newInstance(1_700_000_000_001L, 7), 0));
    }

    @Test
    void firstAttemptRunsMainAndLogsEveryJobThenALaterAttemptFollowsThemWithoutRunningMain() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        int runs = MAIN_RUNS.get();
        Outcome first = run(log, attempt(app, 1));
        assertEquals(FinalApplicationStatus.SUCCEEDED, first.status(), first.diagnostics());
        assertEquals(runs + 1, MAIN_RUNS.get());
        ApplicationJobLog.Contents logged = log.read();
        assertEquals(List.of(new ApplicationJobLog.SubmittedJob(0, InClusterExecutor.jobIdFor(app, 0), "job 0"),
                new ApplicationJobLog.SubmittedJob(1, InClusterExecutor.jobIdFor(app, 1), "job 1")), logged.jobs());
        assertTrue(logged.mainReturned().orElseThrow().succeeded());

        // attempt 2 (the first died before it unregistered): both jobs have results; nothing runs again
        Outcome second = run(log, attempt(app, 2));
        assertEquals(FinalApplicationStatus.SUCCEEDED, second.status(), second.diagnostics());
        assertTrue(second.diagnostics().contains("was not run again") && second.diagnostics().contains("2 job(s)"),
                second.diagnostics());
        assertEquals(runs + 1, MAIN_RUNS.get(), "main() did not run again");
        assertEquals(2, jobsOf(app), "no job was submitted again");
    }

    @Test
    void aJobThatFailedBeforeTheFailoverDecidesTheOutcomeFromItsStoredResult() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        JobId id = InClusterExecutor.jobIdFor(app, 0);
        // attempt 1 submitted job 0, which failed; the Dispatcher of attempt 2 only has the stored result
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(0, id, "job 0"));
        cluster.jobManager().haServices().jobResultStore().createDirtyResult(new JobResult(id, "job 0", JobStatus.FAILED,
                1, 2, 3, SerializedThrowable.of(new IllegalStateException("sink unreachable"))));
        int runs = MAIN_RUNS.get();
        Outcome outcome = run(log, attempt(app, 2));
        assertEquals(FinalApplicationStatus.FAILED, outcome.status());
        assertTrue(outcome.diagnostics().contains("sink unreachable") && outcome.diagnostics().contains("3 restart(s)"),
                outcome.diagnostics());
        assertEquals(runs, MAIN_RUNS.get(), "main() did not run again");
    }

    @Test
    void aFailureOfMainRecordedBeforeTheFailoverIsTheOutcome() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(0, InClusterExecutor.jobIdFor(app, 0), "job 0"));
        log.mainReturned(new ApplicationJobLog.MainReturned("the program's main() failed: bad argument"));
        int runs = MAIN_RUNS.get();
        Outcome outcome = run(log, attempt(app, 2));
        assertEquals(new Outcome(FinalApplicationStatus.FAILED, "the program's main() failed: bad argument"), outcome);
        assertEquals(runs, MAIN_RUNS.get());
    }

    @Test
    void aLoggedJobWhoseStoredGraphWasNotRecoveredFailsTheApplicationClearly() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        JobId id = InClusterExecutor.jobIdFor(app, 0);
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(0, id, "lost job"));
        // stored, but this Dispatcher did not recover it (as when its jars could not be fetched)
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 2).print();
        JobGraph g = JobGraphGenerator.translate(env.getStreamGraph("lost job"));
        cluster.jobManager().haServices().jobGraphStore().put(new StoredJobGraph(
                new JobGraph(id, g.jobName(), g.vertices(), g.edges(), g.jobConfiguration()), List.of()));
        int runs = MAIN_RUNS.get();
        Outcome outcome = run(log, attempt(app, 2));
        assertEquals(FinalApplicationStatus.FAILED, outcome.status());
        assertTrue(outcome.diagnostics().contains("'lost job'") && outcome.diagnostics().contains("could not be recovered"),
                outcome.diagnostics());
        assertEquals(runs, MAIN_RUNS.get(), "main() did not run again");
    }

    @Test
    void aLoggedJobThatWasNeverSubmittedMeansMainRunsAgain() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        // the attempt died after the entry of job 0 and before the submission
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(0, InClusterExecutor.jobIdFor(app, 0), "job 0"));
        int runs = MAIN_RUNS.get();
        Outcome outcome = run(log, attempt(app, 2));
        assertEquals(FinalApplicationStatus.SUCCEEDED, outcome.status(), outcome.diagnostics());
        assertTrue(outcome.diagnostics().contains(PROGRAM + ".main() finished; 2 job(s)"), outcome.diagnostics());
        assertEquals(runs + 1, MAIN_RUNS.get());
        assertEquals(2, jobsOf(app));
    }

    @Test
    void jobsOfTheApplicationThatTheLogMissesAreFollowedByTheirFixedIds() throws Exception {
        ApplicationId app = newApp();
        // attempt 1 could not write its log (null here): the cluster knows job 0 and job 1 all the same
        assertEquals(FinalApplicationStatus.SUCCEEDED, run(null, attempt(app, 1)).status());
        int runs = MAIN_RUNS.get();
        Outcome outcome = run(log(app), attempt(app, 2));
        assertEquals(FinalApplicationStatus.SUCCEEDED, outcome.status(), outcome.diagnostics());
        assertTrue(outcome.diagnostics().contains("followed the 2 job(s)"), outcome.diagnostics());
        assertEquals(runs, MAIN_RUNS.get(), "main() did not run again");
        assertEquals(2, jobsOf(app));
    }

    @Test
    void mainThatHadNotReturnedIsFollowedByDefaultAndRunAgainOnlyWhenConfigured() throws Exception {
        ApplicationId app = newApp();
        // attempt 1 ran both jobs, but its log shows only job 0 and no return of main(): it died right after the
        // Dispatcher accepted job 1, before the log entry
        assertEquals(FinalApplicationStatus.SUCCEEDED, run(null, attempt(app, 1)).status());
        ApplicationJobLog log = log(app);
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(0, InClusterExecutor.jobIdFor(app, 0), "job 0"));
        int runs = MAIN_RUNS.get();

        Outcome followed = run(log, attempt(app, 2));
        assertEquals(FinalApplicationStatus.SUCCEEDED, followed.status(), followed.diagnostics());
        assertTrue(followed.diagnostics().contains("followed the 2 job(s) it had submitted before the failover"),
                "job 1 was found by its fixed id although not logged: " + followed.diagnostics());
        assertEquals(runs, MAIN_RUNS.get(), "main() not run again by default");
        // the entry of job 0 is missing (its write failed) but job 1's is there: job 0 is found by its fixed id too
        ApplicationJobLog gap = new ApplicationJobLog(localFs, new org.apache.hadoop.fs.Path(tmp.resolve(app + "-gap").toUri()));
        gap.jobSubmitted(new ApplicationJobLog.SubmittedJob(1, InClusterExecutor.jobIdFor(app, 1), "job 1"));
        Outcome withGap = run(gap, attempt(app, 2));
        assertTrue(withGap.diagnostics().contains("followed the 2 job(s)"), withGap.diagnostics());
        assertEquals(runs, MAIN_RUNS.get());

        Outcome rerun = run(log, attempt(app, 3), true);
        assertEquals(FinalApplicationStatus.SUCCEEDED, rerun.status(), rerun.diagnostics());
        assertTrue(rerun.diagnostics().contains(PROGRAM + ".main() finished; 2 job(s)"), rerun.diagnostics());
        assertEquals(runs + 1, MAIN_RUNS.get(), "main() ran again when configured");
        assertEquals(2, jobsOf(app), "its jobs were followed, none submitted again");
        assertTrue(log.read().mainReturned().orElseThrow().succeeded());
    }

    @Test
    void aStopWhileMainWaitsForItsJobCancelsItAndEndsKilled() throws Exception {
        ApplicationId app = newApp();
        JobId id = InClusterExecutor.jobIdFor(app, 0);
        assertEquals(STOPPED, stopWhileFirstJobRuns(app, Endless.class));
        JobResult result = cluster.dispatcher().<JobResult>ask(new DispatcherProtocol.RequestJobResult(id)).get(10, TimeUnit.SECONDS);
        assertEquals(JobStatus.CANCELED, result.status());
    }

    @Test
    void aStopAlsoRefusesJobsThatMainStartsAfterIt() throws Exception {
        ApplicationId app = newApp();
        assertEquals(STOPPED, stopWhileFirstJobRuns(app, GoesOnAfterCancellation.class));
        assertTrue(InClusterExecutor.existing(cluster.dispatcher(), cluster.jobManager().haServices().jobResultStore(),
                InClusterExecutor.jobIdFor(app, 1)).isEmpty(), "a job main() started after the stop was submitted");
    }

    private static final Outcome STOPPED = new Outcome(FinalApplicationStatus.KILLED, "stopped by the user");

    /** Runs the program's main(), stops the cluster once its first job is submitted, returns the outcome. */
    private Outcome stopWhileFirstJobRuns(ApplicationId app, Class<?> program) throws Exception {
        CompletableFuture<Outcome> stop = new CompletableFuture<>();
        CompletableFuture<Outcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return new ApplicationProgramRunner(cluster.dispatcher(), cluster.jobManager().haServices(),
                        log(app), attempt(app, 1), stop, false, UserCodeClassLoading.defaults())
                        .run(new ApplicationProgramRunner.Program(program.getName(), 1, List.of()), List.of());
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        JobId first = InClusterExecutor.jobIdFor(app, 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (InClusterExecutor.existing(cluster.dispatcher(), cluster.jobManager().haServices().jobResultStore(), first)
                .isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the job was not submitted");
            Thread.sleep(50);
        }
        stop.complete(STOPPED);
        return outcome.get(60, TimeUnit.SECONDS);
    }

    @Test
    void logEntriesSurviveOnlyWhole() throws Exception {
        ApplicationId app = newApp();
        ApplicationJobLog log = log(app);
        assertEquals(new ApplicationJobLog.Contents(List.of(), java.util.Optional.empty()), log.read());
        JobId id = JobId.generate();
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(1, id, "Ünïcode = name: with\nnewline"));
        log.jobSubmitted(new ApplicationJobLog.SubmittedJob(1, id, "Ünïcode = name: with\nnewline")); // rewritten, same content
        // a writer that died before its rename leaves only a temporary file, which is not an entry
        try (var out = localFs.create(new org.apache.hadoop.fs.Path(tmp.resolve(app.toString()).resolve(ApplicationJobLog.DIR)
                .resolve("job-0.tmp").toUri()))) {
            out.write("ordinal=0\njobI".getBytes());
        }
        assertEquals(List.of(new ApplicationJobLog.SubmittedJob(1, id, "Ünïcode = name: with\nnewline")), log.read().jobs());
        assertThrows(java.util.NoSuchElementException.class, () -> log.read().mainReturned().orElseThrow());
    }
}
