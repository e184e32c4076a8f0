package io.sluice.yarnappmaster;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.dispatcher.JobOverview;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.JobResultStore;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.usercode.UserCodeClassLoading;
import io.sluice.yarnappmaster.YarnApplicationMaster.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application cluster's program: runs main() in the ApplicationMaster, or, on a later attempt
 * after a failover, follows the jobs main() had already submitted instead of running it again.
 *
 * <p>With high availability the Dispatcher recovers submitted jobs from the HA stores; running main()
 * again would submit them a second time. So a later attempt runs main() only when no job of it is
 * known to the cluster: the {@link ApplicationJobLog} names each job before its submission, and
 * job ids are fixed per application and ordinal, so a job is found whether or not its entry was
 * written. A main() that runs again (yarn.application.rerun-main-after-failover) has each job it
 * submits at a known position followed, not resubmitted. Without high availability nothing survives
 * an attempt, so every attempt runs main().
 */
final class ApplicationProgramRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationProgramRunner.class);

    /** What the client shipped: the entry class, the default parallelism, main()'s arguments. */
    record Program(String entryClass, int parallelism, List<String> args) {
        static Program parse(List<String> lines) {
            return new Program(lines.get(0), Integer.parseInt(lines.get(1)), List.copyOf(lines.subList(2, lines.size())));
        }
    }

    /** A job main() submitted before the failover, with its result (running: completes when it ends). */
    private record Submitted(int ordinal, String name, JobId id, CompletableFuture<JobResult> result) {}

    private final RpcRef<DispatcherProtocol> dispatcher;
    private final JobResultStore jobResults;
    private final JobGraphStore jobGraphs;
    private final ApplicationJobLog jobLog;
    private final ApplicationAttemptId attempt;
    private final CompletableFuture<Outcome> stopRequest;
    private final boolean rerunMain;
    private final UserCodeClassLoading loading;

    /**
     * @param jobLog    null without high availability
     * @param rerunMain yarn.application.rerun-main-after-failover: run a main() that had not returned again,
     *                  following its earlier jobs by position
     */
    ApplicationProgramRunner(RpcRef<DispatcherProtocol> dispatcher, HighAvailabilityServices ha, ApplicationJobLog jobLog,
                             ApplicationAttemptId attempt, CompletableFuture<Outcome> stopRequest, boolean rerunMain,
                             UserCodeClassLoading loading) {
        this.dispatcher = dispatcher;
        this.jobResults = ha.jobResultStore();
        this.jobGraphs = ha.jobGraphStore();
        this.jobLog = jobLog;
        this.attempt = attempt;
        this.stopRequest = stopRequest;
        this.rerunMain = rerunMain;
        this.loading = loading;
    }

    Outcome run(Program program, List<DispatcherProtocol.JarFile> jars) throws Exception {
        awaitDispatcherLeader();
        boolean afterFailover = jobLog != null && attempt.getAttemptId() > 1;
        if (afterFailover) {
            ApplicationJobLog.Contents before = jobLog.read();
            List<Submitted> submitted = submittedBeforeFailover(before);
            if (before.mainReturned().isPresent()) {
                return follow(program, before, submitted); // main() ended: its outcome and its jobs are all there is
            } else if (submitted.isEmpty()) {
                LOG.info("Attempt {}: main() had not submitted a job before the failover; running it", attempt.getAttemptId());
            } else if (rerunMain) {
                LOG.info("Attempt {}: main() had submitted {} job(s) and not returned before the failover; running it "
                        + "again (yarn.application.rerun-main-after-failover), its earlier jobs are followed, not "
                        + "resubmitted", attempt.getAttemptId(), submitted.size());
            } else {
                return follow(program, before, submitted);
            }
        }
        InClusterExecutor executor = new InClusterExecutor(dispatcher, jars, attempt.getApplicationId(), jobLog, jobResults,
                afterFailover);
        // a stop (DELETE /cluster) while main() runs: no new jobs, and its jobs are cancelled, so that main()
        // returns and the cluster ends
        CompletableFuture<Void> cancelOnStop = stopRequest.thenRunAsync(() -> {
            executor.stop();
            cancelRunning(List.of());
        });
        Optional<Outcome> failed = runMain(program, jars, executor);
        List<CompletableFuture<JobResult>> results;
        synchronized (executor.results) {
            results = List.copyOf(executor.results);
        }
        if (stopRequest.isDone()) {
            // main() failed or returned because its jobs were cancelled: the stop is the outcome, not a failure
            cancelOnStop.join();
            cancelRunning(results);
            return stopRequest.get();
        }
        if (failed.isPresent()) {
            record(new ApplicationJobLog.MainReturned(failed.get().diagnostics()));
            return failed.get();
        }
        record(new ApplicationJobLog.MainReturned(null));
        // Jobs submitted with executeAsync() and not awaited by main(): the cluster lives until they end.
        return awaitAll(results, program.entryClass() + ".main() finished; " + results.size() + " job(s)");
    }

    /**
     * The results of the jobs main() submitted before the failover, in order: every logged job the
     * cluster knows (recovered, or with a stored result), a failure for a logged job whose graph is
     * stored but was not recovered, and any job with this application's ids that the cluster knows
     * though the log misses it (its entry could not be written). A logged job the stores do not know
     * was never submitted: the attempt died between the entry and the submission.
     */
    private List<Submitted> submittedBeforeFailover(ApplicationJobLog.Contents before) throws Exception {
        java.util.Map<Integer, ApplicationJobLog.SubmittedJob> logged = new java.util.HashMap<>();
        before.jobs().forEach(j -> logged.put(j.ordinal(), j));
        int lastLogged = before.jobs().isEmpty() ? -1 : before.jobs().get(before.jobs().size() - 1).ordinal();
        List<Submitted> results = new ArrayList<>();
        for (int n = 0; ; n++) {
            ApplicationJobLog.SubmittedJob job = logged.get(n);
            JobId id = job != null ? job.jobId() : InClusterExecutor.jobIdFor(attempt.getApplicationId(), n);
            Optional<CompletableFuture<JobResult>> result = InClusterExecutor.existing(dispatcher, jobResults, id);
            String name = job != null ? job.jobName() : "(not in the log)";
            if (result.isPresent()) {
                results.add(new Submitted(n, name, id, result.get()));
            } else if (job != null && jobGraphs.jobIds().contains(id)) {
                results.add(new Submitted(n, name, id, CompletableFuture.failedFuture(new IllegalStateException("job " + n
                        + " '" + name + "' (" + id + ") was submitted before the failover but could not be recovered "
                        + "(see the JobManager log)"))));
            } else if (job != null) {
                LOG.info("Job {} of the application, '{}' ({}), was about to be submitted when the previous attempt "
                        + "ended; it was not", n, job.jobName(), id);
            } else if (n > lastLogged) {
                return results;
            }
        }
    }

    /** A later attempt: main() submitted jobs before the failover; follow them (and their results) to the end. */
    private Outcome follow(Program program, ApplicationJobLog.Contents before, List<Submitted> submitted)
            throws Exception {
        if (before.mainReturned().isPresent() && !before.mainReturned().get().succeeded()) {
            // the earlier attempt had its outcome and died before reporting it
            LOG.info("main() failed before the failover; ending the application with that outcome");
            return new Outcome(FinalApplicationStatus.FAILED, before.mainReturned().get().failure());
        }
        List<CompletableFuture<JobResult>> results = new ArrayList<>();
        for (Submitted job : submitted) {
            if (job.result().isDone() && !job.result().isCompletedExceptionally()) {
                LOG.info("Job {} of the application, '{}' ({}), ended before the failover: {}; not running it again",
                        job.ordinal(), job.name(), job.id(), job.result().join().status());
            } else if (!job.result().isCompletedExceptionally()) {
                LOG.info("Following recovered job {} of the application, '{}' ({}), instead of running main() again",
                        job.ordinal(), job.name(), job.id());
            }
            results.add(job.result());
        }
        boolean mainReturned = before.mainReturned().isPresent();
        if (!mainReturned) {
            LOG.info("main() of {} had not returned when the previous attempt ended; it is not run again: code after its "
                    + "last submitted job does not run, and a job it would have submitted later is not submitted "
                    + "(yarn.application.rerun-main-after-failover runs it again instead)", program.entryClass());
        }
        return awaitAll(results, program.entryClass() + ".main() was not run again after the ApplicationMaster failover "
                + "(attempt " + attempt.getAttemptId() + "): followed the " + results.size() + " job(s) it had submitted"
                + (mainReturned ? "" : " before the failover"));
    }

    /** Runs main() with the executor installed; the outcome only when main() threw. */
    private Optional<Outcome> runMain(Program program, List<DispatcherProtocol.JarFile> jars, InClusterExecutor executor)
            throws Exception {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = java.nio.file.Path.of(jars.get(i).path()).toUri().toURL();
        }
        StreamEnvironment.initializeContext(executor, program.parallelism());
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = loading.create("user-program", urls, ApplicationProgramRunner.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            LOG.info("Running {}.main()", program.entryClass());
            Class.forName(program.entryClass(), true, loader).getMethod("main", String[].class)
                    .invoke(null, (Object) program.args().toArray(String[]::new));
            return Optional.empty();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            LOG.error("The program's main() failed", cause);
            return Optional.of(new Outcome(FinalApplicationStatus.FAILED, "the program's main() (" + program.entryClass()
                    + ") failed: " + SerializedThrowable.stackTraceOf(cause)));
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
            StreamEnvironment.resetContext();
        }
    }

    /** Waits for every job; the first that did not finish decides the outcome. A stop request cancels the rest. */
    private Outcome awaitAll(List<CompletableFuture<JobResult>> results, String success) throws Exception {
        for (CompletableFuture<JobResult> r : results) {
            CompletableFuture.anyOf(r, stopRequest).exceptionally(t -> null).get();
            if (stopRequest.isDone() && !r.isDone()) {
                cancelRunning(results);
                return stopRequest.get();
            }
            if (r.isCompletedExceptionally()) {
                Throwable cause = r.handle((v, t) -> t).get();
                return new Outcome(FinalApplicationStatus.FAILED, String.valueOf(
                        cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null
                                ? cause.getCause().getMessage() : cause.getMessage()));
            }
            Outcome o = YarnApplicationMaster.outcomeOf(r.get());
            if (o.status() != FinalApplicationStatus.SUCCEEDED) {
                return o;
            }
        }
        return new Outcome(FinalApplicationStatus.SUCCEEDED, success);
    }

    private void cancelRunning(List<CompletableFuture<JobResult>> results) {
        for (JobId id : runningJobs()) {
            try {
                dispatcher.ask(new DispatcherProtocol.CancelJob(id)).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("Cancelling job {}: {}", id, e.toString()); // it ended meanwhile
            }
        }
        for (CompletableFuture<JobResult> r : results) {
            try {
                r.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("A job did not end within 60 s of its cancellation: {}", e.toString());
            }
        }
    }

    /** The jobs the Dispatcher runs: in an application cluster, all are the application's. */
    private List<JobId> runningJobs() {
        try {
            List<JobOverview> jobs = dispatcher.<List<JobOverview>>ask(new DispatcherProtocol.ListJobs()).get(30, TimeUnit.SECONDS);
            return jobs.stream().filter(j -> !j.state().isGloballyTerminal()).map(j -> JobId.fromHexString(j.jid())).toList();
        } catch (Exception e) {
            LOG.warn("Cannot list the jobs to cancel: {}", e.toString());
            return List.of();
        }
    }

    private void record(ApplicationJobLog.MainReturned returned) {
        if (jobLog == null) {
            return;
        }
        try {
            jobLog.mainReturned(returned);
        } catch (Exception e) {
            // only matters if this attempt dies now: the next one then follows the logged jobs
            LOG.warn("Cannot record that main() returned: {}", e.toString());
        }
    }

    /**
     * Until the Dispatcher is leader it rejects requests; with high availability it becomes leader only
     * after it recovered the stored jobs, which is what a later attempt must see before deciding anything.
     */
    private void awaitDispatcherLeader() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                dispatcher.ask(new DispatcherProtocol.ListJobs()).get(10, TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Dispatcher did not become leader within 2 minutes: " + e, e);
                }
                Thread.sleep(100);
            }
        }
    }
}
