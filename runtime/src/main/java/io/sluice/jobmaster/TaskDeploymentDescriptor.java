package io.sluice.jobmaster;

import io.sluice.blob.BlobKey;
import io.sluice.graph.JobId;
import io.sluice.resourcemanager.AllocationId;
import java.util.List;
import java.util.Map;

/** Everything a TaskManager needs to run one execution attempt of one subtask. */
public record TaskDeploymentDescriptor(
        JobId jobId,
        String jobName,
        ExecutionAttemptId attemptId,
        int attemptNumber,
        AllocationId allocationId,
        String vertexId,
        String vertexName,
        int subtaskIndex,
        int parallelism,
        String invokableClassName,
        byte[] invokableConfiguration,
        Map<String, String> jobConfiguration,
        List<BlobKey> jars,
        String blobServerAddress) {

    public String taskNameWithSubtask() {
        return vertexName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")#" + attemptNumber;
    }
}
