package io.sluice.dispatcher;

import io.sluice.graph.JobGraph;
import io.sluice.api.common.JobId;
import java.util.List;

/** Messages to the Dispatcher, fenced with its leader token. Used in-process by the REST handlers and local clients. */
public sealed interface DispatcherProtocol {

    /** Reply: the JobId once the job's JobMaster started. Jar files are local paths, copied into the blob store. */
    record SubmitJob(JobGraph jobGraph, List<JarFile> jars) implements DispatcherProtocol {}

    /** Reply: {@code List<JobOverview>}, running jobs first, then finished ones newest first. */
    record ListJobs() implements DispatcherProtocol {}

    /** Reply: JobDetails; fails with JobNotFoundException. */
    record RequestJobDetails(JobId jobId) implements DispatcherProtocol {}

    /** Reply: JobResult, or null while the job runs; fails with JobNotFoundException. */
    record RequestJobResult(JobId jobId) implements DispatcherProtocol {}

    /** Reply: null once cancellation started; fails when the job is unknown or already finished. */
    record CancelJob(JobId jobId) implements DispatcherProtocol {}

    /** Reply: CheckpointStatsSnapshot (null before the job's JobMaster leads); fails with JobNotFoundException. */
    record RequestCheckpointStats(JobId jobId) implements DispatcherProtocol {}

    /** Reply: the id of the checkpoint once it completed; fails when it cannot be taken or the job is not running. */
    record TriggerCheckpoint(JobId jobId) implements DispatcherProtocol {}

    /** Reply: ClusterOverview. */
    record RequestClusterOverview() implements DispatcherProtocol {}

    /** Reply: {@code List<ResourceManagerProtocol.TaskManagerInfo>}. */
    record ListTaskManagers() implements DispatcherProtocol {}

    /** Reply: {@code List<ResourceManagerProtocol.WorkerInfo>}. */
    record ListWorkers() implements DispatcherProtocol {}

    record JarFile(String path, String name) {}
}
