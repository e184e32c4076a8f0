package io.sluice.graph;

import java.io.Serializable;

/**
 * A vertex of the job graph: one chain of operators that runs as one task per parallel instance.
 *
 * @param id                      stable id of the vertex within the job
 * @param name                    display name (the chained operators' names)
 * @param parallelism             number of parallel subtasks
 * @param maxParallelism          number of key groups (upper bound for rescaling)
 * @param invokableClassName      the {@code TaskInvokable} that runs a subtask
 * @param invokableConfiguration  serialized configuration of the invokable (operators, user functions);
 *                                opaque to the runtime, read by the invokable with the user class loader
 * @param operatorIds             stable ids of the chained operators, head first: what checkpointed state is
 *                                matched to on restore
 */
public record JobVertex(
        String id,
        String name,
        int parallelism,
        int maxParallelism,
        String invokableClassName,
        byte[] invokableConfiguration,
        java.util.List<String> operatorIds) implements Serializable {

    public JobVertex {
        operatorIds = java.util.List.copyOf(operatorIds);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism of '" + name + "' must be at least 1, was " + parallelism);
        }
    }
}
