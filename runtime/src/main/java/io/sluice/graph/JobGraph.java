package io.sluice.graph;

import io.sluice.api.common.JobId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a client submits: vertices (operator chains), the edges between them, and job-level settings
 * that override the cluster configuration for this job (for example the restart strategy).
 *
 * <p>User code inside the vertices is kept as bytes, so a JobGraph can be deserialized without the
 * job's jars; only the task, holding the user class loader, opens those bytes.
 */
public record JobGraph(
        JobId jobId,
        String jobName,
        List<JobVertex> vertices,
        List<JobEdge> edges,
        Map<String, String> jobConfiguration) implements Serializable {

    public JobGraph {
        vertices = List.copyOf(vertices);
        edges = List.copyOf(edges);
        jobConfiguration = Map.copyOf(jobConfiguration);
        if (vertices.isEmpty()) {
            throw new IllegalArgumentException("job '" + jobName + "' has no operators: add a source and a sink");
        }
    }

    public int numberOfTasks() {
        return vertices.stream().mapToInt(JobVertex::parallelism).sum();
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize job graph of '" + jobName + "'", e);
        }
        return bytes.toByteArray();
    }

    /** Reads a job graph written by {@link #toBytes()}; only runtime classes are resolved. */
    public static JobGraph fromBytes(byte[] data) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(info -> {
                Class<?> c = info.serialClass();
                if (c == null || c.isPrimitive() || c.isArray() || c.getName().startsWith("java.")
                        || c.getName().startsWith("io.sluice.graph.") || c == JobId.class) {
                    return java.io.ObjectInputFilter.Status.UNDECIDED;
                }
                return java.io.ObjectInputFilter.Status.REJECTED;
            });
            Object o = in.readObject();
            if (!(o instanceof JobGraph graph)) {
                throw new IOException("not a job graph: " + o.getClass().getName());
            }
            return graph;
        } catch (ClassNotFoundException | ClassCastException | java.io.InvalidClassException e) {
            throw new IOException("not a valid job graph: " + e.getMessage(), e);
        }
    }
}
