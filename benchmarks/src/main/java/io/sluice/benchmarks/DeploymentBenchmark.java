package io.sluice.benchmarks;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.common.JobId;
import io.sluice.common.ExecutionState;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.dispatcher.ClusterOverview;
import io.sluice.dispatcher.DispatcherProtocol;
import io.sluice.entrypoint.LocalCluster;
import io.sluice.graph.JobGraph;
import io.sluice.jobmaster.JobDetails;
import io.sluice.rpc.RpcRef;
import io.sluice.translation.JobGraphGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Time from submitting a job to the Dispatcher until all of its tasks are RUNNING, on a
 * {@link LocalCluster} (JobManager and TaskManagers in this JVM, talking over the real RPC layer).
 *
 * <p>Each sample takes about a second, so this is a plain program rather than a JMH benchmark. For
 * every task count N it starts one cluster with just enough slots, runs a few warm-up jobs, then
 * measures R jobs one after another. A job is one chain (rate-limited endless sequence source ->
 * discard) with parallelism N, so it needs N slots and stays RUNNING until it is cancelled. After
 * each job the program cancels it and waits until the job is CANCELED and every slot is free again.
 * Jobs run without restarts, so a deployment that fails is counted as failed instead of being
 * retried.
 *
 * <p>Two readings of "all tasks RUNNING" are reported:
 * <ul>
 *   <li>observed: when a poll of {@code RequestJobDetails} (every {@code --poll-ms}) first saw all N
 *       tasks RUNNING, as a client would; over-states the time by up to one poll interval;</li>
 *   <li>recorded: the latest RUNNING timestamp the JobMaster stored for the N tasks, minus the
 *       submit time (same JVM, same clock; millisecond resolution).</li>
 * </ul>
 */
public final class DeploymentBenchmark {

    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final int[] taskCounts;
    private final int runs;
    private final int warmups;
    private final long pollNanos;
    private final int maxSlotsPerTaskManager;

    private DeploymentBenchmark(int[] taskCounts, int runs, int warmups, long pollMillis, int maxSlotsPerTaskManager) {
        this.taskCounts = taskCounts;
        this.runs = runs;
        this.warmups = warmups;
        this.pollNanos = TimeUnit.MILLISECONDS.toNanos(pollMillis);
        this.maxSlotsPerTaskManager = maxSlotsPerTaskManager;
    }

    /** One measured job; times in milliseconds from the submit call. */
    record Sample(double submitAcked, double jobRunning, double allRunningObserved, double allRunningRecorded,
                  double canceled, double slotsFree) {
    }

    /** A job that ended before all of its tasks ran; the cluster's slots are free again when it is thrown. */
    static final class DeploymentFailedException extends Exception {
        DeploymentFailedException(String message) {
            super(message);
        }
    }

    /** The measured jobs of one task count. */
    record Result(int tasks, String layout, List<Sample> samples, int failed) {
    }

    public static void main(String[] args) throws Exception {
        int[] tasks = {1, 100};
        int runs = 10;
        int warmups = 2;
        long pollMillis = 5;
        int slotsPerTaskManager = 25;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--tasks" -> tasks = Arrays.stream(value(args, ++i, arg).split(","))
                        .mapToInt(s -> positive(s.trim(), arg)).toArray();
                case "--runs" -> runs = positive(value(args, ++i, arg), arg);
                case "--warmups" -> warmups = nonNegative(value(args, ++i, arg), arg);
                case "--poll-ms" -> pollMillis = positive(value(args, ++i, arg), arg);
                case "--slots-per-taskmanager" -> slotsPerTaskManager = positive(value(args, ++i, arg), arg);
                case "-h", "--help" -> {
                    usage(System.out);
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + arg);
                    usage(System.err);
                    System.exit(2);
                }
            }
        }
        new DeploymentBenchmark(tasks, runs, warmups, pollMillis, slotsPerTaskManager).run();
        // Akka and Netty threads of the closed clusters must not keep the JVM alive.
        System.exit(0);
    }

    private static void usage(java.io.PrintStream out) {
        out.println("""
                usage: DeploymentBenchmark [--tasks 1,100] [--runs 10] [--warmups 2] [--poll-ms 5]
                                           [--slots-per-taskmanager 25]
                  Measures submit -> all tasks RUNNING on a local cluster sized for each task count:
                  ceil(tasks / slots-per-taskmanager) TaskManagers, each with just enough slots.""");
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String s, String option) {
        int v = Integer.parseInt(s);
        if (v < 1) {
            throw new IllegalArgumentException(option + " must be >= 1, was " + s);
        }
        return v;
    }

    private static int nonNegative(String s, String option) {
        int v = Integer.parseInt(s);
        if (v < 0) {
            throw new IllegalArgumentException(option + " must be >= 0, was " + s);
        }
        return v;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "DeploymentBenchmark: tasks %s, %d warm-up + %d measured job(s) each, poll every %d ms%n",
                Arrays.toString(taskCounts), warmups, runs, TimeUnit.NANOSECONDS.toMillis(pollNanos));
        System.out.printf(Locale.ROOT, "JVM %s, %d processor(s), max heap %d MiB%n", System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        List<Result> results = new ArrayList<>();
        for (int n : taskCounts) {
            results.add(measure(n));
        }
        System.out.println();
        System.out.println("Summary (ms from the submit call; min / median / max over the measured jobs that deployed)");
        System.out.println(String.format(Locale.ROOT, "%6s  %-8s  %-9s  %-22s  %-22s  %-22s  %-22s", "tasks", "layout",
                "failed", "submit acked", "all RUNNING (observed)", "all RUNNING (recorded)", "cancel -> slots free"));
        for (Result r : results) {
            System.out.println(String.format(Locale.ROOT, "%6d  %-8s  %-9s  %-22s  %-22s  %-22s  %-22s", r.tasks(),
                    r.layout(), r.failed() + " of " + runs, stats(r.samples(), Sample::submitAcked),
                    stats(r.samples(), Sample::allRunningObserved), stats(r.samples(), Sample::allRunningRecorded),
                    stats(r.samples(), Sample::slotsFree)));
        }
    }

    private Result measure(int n) throws Exception {
        int taskManagers = (n + maxSlotsPerTaskManager - 1) / maxSlotsPerTaskManager;
        int slotsPerTaskManager = (n + taskManagers - 1) / taskManagers;
        System.out.printf(Locale.ROOT, "%n== %d task(s): local cluster with %d TaskManager(s) x %d slot(s)%n", n,
                taskManagers, slotsPerTaskManager);
        List<Sample> samples = new ArrayList<>();
        int failed = 0;
        try (LocalCluster cluster = LocalCluster.start(new Configuration(), taskManagers, slotsPerTaskManager)) {
            RpcRef<DispatcherProtocol> dispatcher = cluster.dispatcher();
            int slots = taskManagers * slotsPerTaskManager;
            await(dispatcher, new DispatcherProtocol.RequestClusterOverview(),
                    (ClusterOverview o) -> o.taskmanagers() == taskManagers && o.slotsTotal() == slots
                            && o.slotsAvailable() == slots,
                    "all " + taskManagers + " TaskManager(s) registered with " + slots + " free slot(s)");
            for (int i = 0; i < warmups + runs; i++) {
                boolean warmup = i < warmups;
                String label = warmup ? "warm-up" : "run " + (i - warmups + 1);
                Sample s;
                try {
                    s = runOnce(dispatcher, n, slots, (warmup ? "warmup-" : "run-") + i);
                } catch (DeploymentFailedException e) {
                    System.out.printf(Locale.ROOT, "%-9s FAILED: %s%n", label, e.getMessage());
                    failed += warmup ? 0 : 1;
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-9s acked %7.1f  job RUNNING %7.1f  all RUNNING observed %7.1f"
                                + " recorded %7.1f  canceled %7.1f  slots free %7.1f%n",
                        label, s.submitAcked(), s.jobRunning(),
                        s.allRunningObserved(), s.allRunningRecorded(), s.canceled(), s.slotsFree());
                if (!warmup) {
                    samples.add(s);
                }
            }
        }
        return new Result(n, taskManagers + "x" + slotsPerTaskManager, samples, failed);
    }

    private Sample runOnce(RpcRef<DispatcherProtocol> dispatcher, int n, int slots, String label) throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(n);
        // one record per second per subtask: the tasks stay RUNNING until cancelled (each one still
        // wakes up every 10 ms or so to check for cancellation)
        env.fromSequence(0, Long.MAX_VALUE - 1, 1).discard();
        // a failed deployment is reported as such instead of being hidden (and slowed down) by restarts
        env.setJobConfiguration("restart-strategy.type", "none");
        JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("deployment-" + n + "-" + label));
        if (graph.numberOfTasks() != n) {
            throw new IllegalStateException("job graph has " + graph.numberOfTasks() + " task(s), expected " + n);
        }

        long submitMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        JobId jobId = dispatcher.<JobId>ask(new DispatcherProtocol.SubmitJob(graph, List.of()))
                .get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        double acked = millisSince(start);

        double jobRunning = -1;
        double allRunning;
        JobDetails details;
        while (true) {
            details = jobDetails(dispatcher, jobId);
            double now = millisSince(start);
            if (jobRunning < 0 && details.status() == JobStatus.RUNNING) {
                jobRunning = now;
            }
            if (details.tasksPerState().getOrDefault(ExecutionState.RUNNING, 0) == n) {
                allRunning = now;
                break;
            }
            if (details.status().isGloballyTerminal()) {
                throw deploymentFailed(dispatcher, jobId, slots, details.status());
            }
            checkTimeout(start, "all " + n + " tasks of job " + jobId + " RUNNING; last seen " + details.tasksPerState());
            LockSupport.parkNanos(pollNanos);
        }
        long lastTaskRunning = details.vertices().stream().flatMap(v -> v.subtasks().stream())
                .mapToLong(JobDetails.SubtaskDetails::startTime).max().orElseThrow();
        double recorded = lastTaskRunning - submitMillis;

        long cancelStart = System.nanoTime();
        dispatcher.ask(new DispatcherProtocol.CancelJob(jobId)).get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        while (true) {
            JobStatus status = jobStatusOrNull(dispatcher, jobId);
            if (status == JobStatus.CANCELED) {
                break;
            }
            if (status != null && status.isGloballyTerminal()) {
                throw new IllegalStateException("job " + jobId + " ended " + status + " instead of CANCELED");
            }
            checkTimeout(cancelStart, "job " + jobId + " CANCELED; last seen " + status);
            LockSupport.parkNanos(pollNanos);
        }
        double canceled = millisSince(cancelStart);
        await(dispatcher, new DispatcherProtocol.RequestClusterOverview(),
                (ClusterOverview o) -> o.jobsRunning() == 0 && o.slotsAvailable() == slots,
                "all " + slots + " slot(s) free after cancelling job " + jobId);
        double slotsFree = millisSince(cancelStart);
        return new Sample(acked, jobRunning, allRunning, recorded, canceled, slotsFree);
    }

    private DeploymentFailedException deploymentFailed(RpcRef<DispatcherProtocol> dispatcher, JobId jobId, int slots,
                                                       JobStatus status) throws Exception {
        JobResult result = dispatcher.<JobResult>ask(new DispatcherProtocol.RequestJobResult(jobId))
                .get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
        String cause = result == null || result.failureCause() == null ? "no cause" : result.failureCause().getMessage();
        await(dispatcher, new DispatcherProtocol.RequestClusterOverview(),
                (ClusterOverview o) -> o.jobsRunning() == 0 && o.slotsAvailable() == slots,
                "all " + slots + " slot(s) free after job " + jobId + " ended " + status);
        return new DeploymentFailedException("job " + jobId + " ended " + status + " before all tasks ran: " + cause);
    }

    private JobDetails jobDetails(RpcRef<DispatcherProtocol> dispatcher, JobId jobId)
            throws InterruptedException, ExecutionException, TimeoutException {
        return dispatcher.<JobDetails>ask(new DispatcherProtocol.RequestJobDetails(jobId))
                .get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    }

    /**
     * Null when the Dispatcher answers with a failure: for a moment while a job ends, its JobMaster
     * stops before the Dispatcher has archived it.
     */
    private JobStatus jobStatusOrNull(RpcRef<DispatcherProtocol> dispatcher, JobId jobId) throws InterruptedException {
        try {
            return jobDetails(dispatcher, jobId).status();
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    private <R> void await(RpcRef<DispatcherProtocol> dispatcher, DispatcherProtocol request, Predicate<R> done,
                           String what) throws Exception {
        long start = System.nanoTime();
        while (true) {
            R last = dispatcher.<R>ask(request).get(TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
            if (done.test(last)) {
                return;
            }
            checkTimeout(start, what + "; last seen " + last);
            LockSupport.parkNanos(pollNanos);
        }
    }

    private static void checkTimeout(long start, String what) {
        if (System.nanoTime() - start > TIMEOUT_NANOS) {
            throw new IllegalStateException("timed out after " + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS)
                    + " s waiting for " + what);
        }
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    private static String stats(List<Sample> samples, Function<Sample, Double> metric) {
        double[] v = samples.stream().map(metric).mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return "-";
        }
        int mid = v.length / 2;
        double median = v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", v[0], median, v[v.length - 1]);
    }
}
