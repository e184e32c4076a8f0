package io.sluice.jobmaster;

import io.sluice.checkpoint.CheckpointSettings;
import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.graph.JobGraph;
import io.sluice.ha.CheckpointIdCounter;
import io.sluice.ha.CompletedCheckpointStore;
import io.sluice.ha.HighAvailabilityServices;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * What a JobMaster checkpoints with: the job's effective settings (its own over the cluster's, with
 * the default directory filled in), the HA stores of completed checkpoints and ids, and where the
 * job starts from ({@code -s}).
 */
public record JobCheckpointServices(CheckpointSettings settings, CompletedCheckpointStore store,
                                    CheckpointIdCounter counter, String restorePath, boolean allowNonRestoredState) {

    /** Creating the stores does not talk to ZooKeeper yet; their first use does (off the main thread). */
    public static JobCheckpointServices create(Configuration cluster, JobGraph job, HighAvailabilityServices ha)
            throws Exception {
        Configuration effective = effectiveConfiguration(cluster, job.jobConfiguration());
        CheckpointSettings settings = CheckpointSettings.from(effective);
        return new JobCheckpointServices(settings, ha.completedCheckpointStore(job.jobId(), settings.numRetained()),
                ha.checkpointIdCounter(job.jobId()), effective.getOptional(CheckpointingOptions.RESTORE_PATH).orElse(null),
                effective.get(CheckpointingOptions.IGNORE_UNCLAIMED_STATE));
    }

    /**
     * The job's settings over the cluster's. Without a checkpoint directory, one that outlives the
     * JobManager where there is one: {@code checkpoints} under the ZooKeeper HA storage directory (YARN
     * application masters set their own default, under the user's {@code .sluice/} home).
     */
    public static Configuration effectiveConfiguration(Configuration cluster, Map<String, String> job) {
        Configuration effective = cluster.copy();
        job.forEach(effective::setString);
        if (!effective.contains(CheckpointingOptions.DIR)) {
            String haType = effective.getString("high-availability.type");
            String storage = effective.getString("high-availability.storageDir");
            if (storage != null && haType != null && haType.trim().equalsIgnoreCase("zookeeper")) {
                effective.set(CheckpointingOptions.DIR, new Path(new Path(storage), "checkpoints").toString());
            }
        }
        return effective;
    }

    /** The job's settings for its tasks, completed with what they need of the effective checkpoint settings. */
    public Map<String, String> taskConfiguration(Map<String, String> jobConfiguration) {
        Map<String, String> config = new HashMap<>(jobConfiguration);
        Configuration typed = new Configuration();
        typed.set(CheckpointingOptions.MODE, settings.mode());
        if (settings.periodic()) {
            typed.set(CheckpointingOptions.INTERVAL, settings.interval());
        }
        if (settings.directory() != null) {
            typed.set(CheckpointingOptions.DIR, settings.directory());
        }
        config.putAll(typed.toMap());
        return config;
    }
}
