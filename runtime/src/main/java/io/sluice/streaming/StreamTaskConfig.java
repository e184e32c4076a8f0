package io.sluice.streaming;

import java.io.IOException;
import java.io.Serializable;

/**
 * What a {@link StreamTask} needs to build its chain; the job vertex's invokable configuration.
 *
 * @param chainName       display name of the chain (the vertex name)
 * @param maxParallelism  number of key groups of the vertex
 * @param head            the source of the chain and, through its outputs, every chained operator
 */
public record StreamTaskConfig(String chainName, int maxParallelism, ChainedOperatorConfig head) implements Serializable {

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
