package io.sluice.streaming;

import io.sluice.api.common.JobId;
import io.sluice.state.timers.ProcessingTimeService;
import java.util.Map;

/**
 * What an operator knows about the subtask it runs in.
 *
 * @param operatorId        stable id of the operator (from its uid, else its position in the job)
 * @param operatorName      display name of the operator
 * @param taskName          "chain name (index+1/parallelism)#attempt", for logs and messages
 * @param subtaskIndex      0-based index of this parallel instance
 * @param parallelism       number of parallel instances
 * @param maxParallelism    number of key groups
 * @param attemptNumber     0 on the first execution, incremented on every restart
 * @param jobId             the job's id
 * @param jobName           the job's name
 * @param jobConfiguration  per-job settings over the cluster configuration
 * @param userClassLoader   loads classes of the job's jars
 * @param processingTimeService  wall-clock time and timers that fire on the task's thread
 */
public record OperatorContext(
        String operatorId,
        String operatorName,
        String taskName,
        int subtaskIndex,
        int parallelism,
        int maxParallelism,
        int attemptNumber,
        JobId jobId,
        String jobName,
        Map<String, String> jobConfiguration,
        ClassLoader userClassLoader,
        ProcessingTimeService processingTimeService) {

    public OperatorContext {
        jobConfiguration = Map.copyOf(jobConfiguration);
    }
}
