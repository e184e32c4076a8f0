package io.sluice.jobmaster;

import io.sluice.graph.JobEdge;
import io.sluice.graph.JobGraph;
import io.sluice.network.DataAddress;
import io.sluice.network.InputChannelDeploymentDescriptor;
import io.sluice.network.InputGateDeploymentDescriptor;
import io.sluice.network.ResultPartitionDeploymentDescriptor;
import io.sluice.network.partition.ResultPartitionId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Computes the network part of a task's deployment: the partitions it produces and the producers it
 * reads. A partition is named by the producer's current attempt and the edge's result index, so
 * all tasks of a job deployed at once (streaming) know each other's partitions up front.
 */
final class ShuffleDescriptors {

    /** A TaskManager as consumers need to know it. */
    record Location(String resourceId, DataAddress dataAddress) {}

    private ShuffleDescriptors() {}

    static List<ResultPartitionDeploymentDescriptor> producedPartitions(ExecutionGraph graph, ExecutionGraph.Subtask s) {
        JobGraph job = graph.jobGraph();
        List<ResultPartitionDeploymentDescriptor> produced = new ArrayList<>();
        int resultIndex = 0;
        for (JobEdge edge : job.edges()) {
            if (!edge.sourceVertexId().equals(s.vertex.id())) {
                continue;
            }
            int subpartitions = edge.isPointwise() ? 1 : parallelismOf(job, edge.targetVertexId());
            produced.add(new ResultPartitionDeploymentDescriptor(
                    new ResultPartitionId(s.current.id.value(), resultIndex++), subpartitions));
        }
        return produced;
    }

    static List<InputGateDeploymentDescriptor> inputGates(ExecutionGraph graph, ExecutionGraph.Subtask s,
                                                          Function<ExecutionGraph.Subtask, Location> locations) {
        JobGraph job = graph.jobGraph();
        List<InputGateDeploymentDescriptor> gates = new ArrayList<>();
        for (JobEdge edge : job.edges()) {
            if (!edge.targetVertexId().equals(s.vertex.id())) {
                continue;
            }
            int resultIndex = resultIndexOf(job, edge);
            List<InputChannelDeploymentDescriptor> channels = new ArrayList<>();
            if (edge.isPointwise()) {
                channels.add(channel(graph.subtask(edge.sourceVertexId(), s.index), resultIndex, 0, locations));
            } else {
                int producers = parallelismOf(job, edge.sourceVertexId());
                for (int p = 0; p < producers; p++) {
                    channels.add(channel(graph.subtask(edge.sourceVertexId(), p), resultIndex, s.index, locations));
                }
            }
            gates.add(new InputGateDeploymentDescriptor(channels));
        }
        return gates;
    }

    private static InputChannelDeploymentDescriptor channel(ExecutionGraph.Subtask producer, int resultIndex,
                                                            int subpartition,
                                                            Function<ExecutionGraph.Subtask, Location> locations) {
        Location location = locations.apply(producer);
        return new InputChannelDeploymentDescriptor(new ResultPartitionId(producer.current.id.value(), resultIndex),
                subpartition, location.resourceId(), location.dataAddress());
    }

    /** The edge's position among its source vertex's outgoing edges. */
    private static int resultIndexOf(JobGraph job, JobEdge edge) {
        int index = 0;
        for (JobEdge e : job.edges()) {
            if (e == edge) {
                return index;
            }
            if (e.sourceVertexId().equals(edge.sourceVertexId())) {
                index++;
            }
        }
        throw new IllegalArgumentException("edge not in job graph: " + edge);
    }

    private static int parallelismOf(JobGraph job, String vertexId) {
        return job.vertices().stream().filter(v -> v.id().equals(vertexId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("edge to unknown vertex " + vertexId)).parallelism();
    }
}
