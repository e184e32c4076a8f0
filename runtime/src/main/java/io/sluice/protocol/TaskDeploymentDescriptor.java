package io.sluice.protocol;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobKey;
import io.sluice.common.AllocationId;
import io.sluice.common.ExecutionAttemptId;
import java.util.List;
import java.util.Map;

/**
 * Everything a TaskManager needs to run one execution attempt of one subtask: its code and
 * configuration, the partitions it produces (one per outgoing job edge) and, per incoming job edge,
 * the partitions it reads and where their producers run; and the state it restores (null on a fresh start).
 */
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
        String blobServerAddress,
        List<io.sluice.network.ResultPartitionDeploymentDescriptor> producedPartitions,
        List<io.sluice.network.InputGateDeploymentDescriptor> inputGates,
        io.sluice.checkpoint.TaskRestore taskRestore) {

    public TaskDeploymentDescriptor {
        producedPartitions = List.copyOf(producedPartitions);
        inputGates = List.copyOf(inputGates);
    }

    public String taskNameWithSubtask() {
        return vertexName + " (" + (subtaskIndex + 1) + "/" + parallelism + ")#" + attemptNumber;
    }
}
