package io.sluice.benchmarks;

import io.sluice.api.JobExecutionResult;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.tuple.Tuple2;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records per second of two jobs on a cluster of one JobManager and two TaskManagers (one slot each)
 * in this JVM, at parallelism 2 (so subtask 0 runs in one TaskManager and subtask 1 in the other):
 * <ul>
 *   <li>stateless: generated longs -> map -> filter -> discard, all chained (no network);</li>
 *   <li>keyed: generated longs -> (value % 10000, 1) -> keyBy(f0) -> sum(1) (keyed state) -> discard,
 *       with a real network shuffle between the TaskManagers (half the records stay local, half cross
 *       TCP) - Flink's keyed count job.</li>
 * </ul>
 * A sample is one bounded job: records / the job's net runtime (deployment to the end, so the
 * first ~100 ms of deployment are included; records are many enough to make that small).
 *
 * <p>{@code --taskmanagers 1} runs both subtasks in one TaskManager with two slots, as Flink's local
 * mode does (the shuffle then goes through local channels, no TCP): the set-up of the Flink figures.
 */
public final class ShuffleThroughputBenchmark {

    private ShuffleThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long statelessRecords = 200_000_000L;
        long keyedRecords = 20_000_000L;
        int runs = 3;
        String jobs = "stateless,keyed";
        int taskManagers = 2;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--stateless-records" -> statelessRecords = Long.parseLong(args[i + 1]);
                case "--keyed-records" -> keyedRecords = Long.parseLong(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--jobs" -> jobs = args[i + 1];
                case "--taskmanagers" -> taskManagers = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --stateless-records N --keyed-records N --runs N --jobs stateless,keyed"
                        + " --taskmanagers 2|1");
            }
        }
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        if (taskManagers != 1 && taskManagers != 2) {
            throw new IllegalArgumentException("--taskmanagers must be 1 (two slots) or 2 (one slot each)");
        }
        try (MultiTaskManagerCluster cluster = new MultiTaskManagerCluster(config, taskManagers, 2 / taskManagers)) {
            StreamEnvironment.initializeContext(cluster, 2);
            for (String job : jobs.split(",")) {
                long records = job.startsWith("keyed") ? keyedRecords : statelessRecords;
                List<Double> rates = new ArrayList<>();
                run(job, Math.max(1, records / 10)); // warm-up
                for (int r = 0; r < runs; r++) {
                    JobExecutionResult result = run(job, records);
                    double seconds = result.netRuntime().toNanos() / 1e9;
                    rates.add(records / seconds);
                    System.out.printf(Locale.ROOT, "%s run %d: %,d records in %.2f s = %,.0f records/s%s%n", job, r + 1,
                            records, seconds, records / seconds, checkpointSummary(cluster, result));
                }
                rates.sort(null);
                System.out.printf(Locale.ROOT, "%s: median %,.0f records/s (min %,.0f, max %,.0f) over %d runs%n", job,
                        rates.get(rates.size() / 2), rates.get(0), rates.get(rates.size() - 1), runs);
            }
        } finally {
            StreamEnvironment.resetContext();
        }
    }

    /** For checkpointed runs: how many checkpoints completed, and the slowest task-thread pause. */
    private static String checkpointSummary(MultiTaskManagerCluster cluster, JobExecutionResult result) throws Exception {
        Object stats = cluster.dispatcher().ask(new io.sluice.dispatcher.DispatcherProtocol.RequestCheckpointStats(
                result.jobId())).get(10, java.util.concurrent.TimeUnit.SECONDS);
        if (!(stats instanceof io.sluice.checkpoint.CheckpointStatsSnapshot s) || s.triggered() == 0) {
            return "";
        }
        long maxSync = s.history().stream().flatMap(e -> e.vertices().stream())
                .mapToLong(io.sluice.checkpoint.CheckpointStatsSnapshot.VertexEntry::maxSyncMillis).max().orElse(0);
        return String.format(Locale.ROOT, " (%d checkpoints completed, %d failed; longest task pause %d ms)",
                s.completed(), s.failed(), maxSync);
    }

    private static JobExecutionResult run(String job, long records) throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        switch (job) {
            case "stateless" -> env.fromSequence(1, records).map(v -> v * 3).filter(v -> (v & 1) == 0).discard();
            case "keyed", "keyed-checkpointed" -> {
                if (job.equals("keyed-checkpointed")) {
                    // Flink's anchor: exactly-once checkpoints every 1 s, heap state, file://
                    env.enableCheckpointing(1000);
                    env.getCheckpointConfig().setCheckpointStorage(java.nio.file.Files
                            .createTempDirectory("sluice-bench-checkpoints").toUri().toString());
                }
                env.fromSequence(1, records)
                        .map(v -> new Tuple2<>(v % 10_000, 1L))
                        .keyBy(t -> t.f0())
                        .sum(1)
                        .discard();
            }
            default -> throw new IllegalArgumentException("unknown job " + job
                    + "; jobs: stateless, keyed, keyed-checkpointed");
        }
        return env.execute(job);
    }
}
