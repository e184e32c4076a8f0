package io.sluice.streaming;

import io.sluice.api.common.UserCodeSerialization;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * What a {@link StreamTask} needs to build its chain; the job vertex's invokable configuration.
 *
 * @param chainName       display name of the chain (the vertex name)
 * @param maxParallelism  number of key groups of the vertex
 * @param head            the head of the chain (a source, or an operator reading the network) and,
 *                        through its outputs, every chained operator
 * @param inputs          for each incoming job edge (in edge order), which input of the head it feeds: 1 or 2
 */
public record StreamTaskConfig(String chainName, int maxParallelism, ChainedOperatorConfig head,
                               List<Integer> inputs) implements Serializable {

    public StreamTaskConfig {
        inputs = List.copyOf(inputs);
    }

    /** A chain headed by a source. */
    public StreamTaskConfig(String chainName, int maxParallelism, ChainedOperatorConfig head) {
        this(chainName, maxParallelism, head, List.of());
    }

    public byte[] toBytes() {
        try {
            return UserCodeSerialization.serialize(this);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the configuration of '" + chainName + "'", e);
        }
    }

    /** Reads the configuration; operators stay bytes until {@link OperatorChain} loads them. */
    public static StreamTaskConfig fromBytes(byte[] data, ClassLoader classLoader) throws IOException {
        if (data == null || data.length == 0) {
            throw new IOException("the task has no configuration: the job vertex was not built by the DataStream API");
        }
        try {
            Object config = UserCodeSerialization.deserialize(data, classLoader);
            if (config instanceof StreamTaskConfig taskConfig) {
                return taskConfig;
            }
            throw new IOException("the task configuration is a " + config.getClass().getName()
                    + ", not a " + StreamTaskConfig.class.getName());
        } catch (ClassNotFoundException e) {
            throw new IOException("cannot read the task configuration: class " + e.getMessage()
                    + " not found; is the job built against the same Sluice version as the cluster?", e);
        }
    }
}
