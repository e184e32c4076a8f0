package io.sluice.api.connector.source;

import io.sluice.api.connector.ConnectorContext;
import java.io.Serializable;
import java.util.List;

/**
 * Where records enter a job: the input divided into splits (a range of numbers, a part of a file,
 * a Kafka partition), read by parallel {@link SourceReader}s.
 *
 * <p>{@link #createSplits} runs once, when the job is built (on the client, or in the cluster in
 * application mode); parallel instance {@code i} of {@code n} starts with the splits
 * {@link #assignSplits} gives it (round robin by default). A checkpoint stores each reader's unfinished splits with their
 * progress ({@link SourceReader#snapshotState}); a restored reader gets those back instead, so a
 * split's class must carry how far it was read. The source object travels to the TaskManagers by
 * Java serialization: keep its fields serializable and open connections in the reader.
 *
 * @param <T>     the records the source emits
 * @param <Split> a part of the input with its progress; serializable, stored in checkpoints
 */
public interface Source<T, Split extends Serializable> extends Serializable {

    /** Divides the input for {@code parallelism} readers (more splits than readers is fine). */
    List<Split> createSplits(int parallelism) throws Exception;

    /**
     * The splits parallel instance {@code subtask} of {@code parallelism} starts with (when the job
     * does not restore a checkpoint); round robin by default. Override to balance splits of
     * different sizes.
     */
    default List<Split> assignSplits(List<Split> splits, int subtask, int parallelism) {
        java.util.ArrayList<Split> mine = new java.util.ArrayList<>();
        for (int i = subtask; i < splits.size(); i += parallelism) {
            mine.add(splits.get(i));
        }
        return mine;
    }

    /** A reader for one parallel instance; it gets its splits through {@link SourceReader#addSplits}. */
    SourceReader<T, Split> createReader(ConnectorContext context) throws Exception;

    /**
     * False when the input cannot be read again from a checkpoint's position (a socket): after a
     * failure, records delivered since the last checkpoint are lost. Submission warns about such
     * sources in exactly-once jobs.
     */
    default boolean canReplay() {
        return true;
    }
}
