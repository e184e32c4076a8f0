package io.sluice.task;

import io.sluice.api.common.JobId;
import java.util.Map;

/** What a running subtask may know about itself and use. */
public interface TaskEnvironment {

    JobId jobId();

    String jobName();

    String vertexId();

    /** "name (index+1/parallelism)#attempt", for logs and thread names. */
    String taskNameWithSubtask();

    int subtaskIndex();

    int parallelism();

    /** 0 for the first execution of this subtask, incremented on every restart. */
    int attemptNumber();

    ClassLoader userClassLoader();

    /** The vertex's {@code JobVertex.invokableConfiguration()}. */
    byte[] invokableConfiguration();

    /** The job's settings (job graph configuration over cluster configuration). */
    Map<String, String> jobConfiguration();

    /** The state to restore before the operators open; null on a fresh start. */
    default io.sluice.checkpoint.TaskRestore taskRestore() {
        return null;
    }

    /** Where the task's checkpoint acknowledgements go (to whichever JobMaster leads the job when they are sent). */
    default CheckpointResponder checkpointResponder() {
        return CheckpointResponder.NONE;
    }

    /** The partitions the task writes and the gate it reads; none for a task without network edges. */
    default io.sluice.network.TaskNetwork network() {
        return io.sluice.network.TaskNetwork.none();
    }
}
