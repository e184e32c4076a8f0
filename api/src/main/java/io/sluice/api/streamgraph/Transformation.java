package io.sluice.api.streamgraph;

import java.util.List;
import java.util.Objects;

/**
 * A node of the stream graph: one operation of the user's program and the transformations it reads
 * from. Kinds: {@link SourceTransformation}, {@link OneInputTransformation}, {@link SinkTransformation};
 * later issues add partitioning (keyBy), union and window transformations.
 *
 * @param <T> type of the records this transformation produces
 */
public abstract class Transformation<T> {

    /** Parallelism not set by the user: the environment's parallelism applies. */
    public static final int DEFAULT_PARALLELISM = -1;

    private final int id;
    private String name;
    private String uid;
    private int parallelism = DEFAULT_PARALLELISM;

    protected Transformation(int id, String name) {
        this.id = id;
        setName(name);
    }

    /** Creation order within the environment; makes traversals deterministic. */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        Objects.requireNonNull(name, "name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be empty");
        }
        this.name = name;
    }

    /** The user's stable id, or null. */
    public String uid() {
        return uid;
    }

    public void setUid(String uid) {
        Objects.requireNonNull(uid, "uid must not be null");
        if (uid.isBlank()) {
            throw new IllegalArgumentException("uid of '" + name + "' must not be empty");
        }
        this.uid = uid;
    }

    /** The parallelism set by the user, or {@link #DEFAULT_PARALLELISM}. */
    public int parallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism of '" + name + "' must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** How this operator may be chained to its input and its consumers. */
    public enum ChainingStrategy {
        /** Chain where the rules allow (same parallelism, forward edge, single input). */
        ALWAYS,
        /** Start a new chain here; consumers may chain to this operator. */
        HEAD,
        /** Chain to nothing, in either direction. */
        NEVER
    }

    private ChainingStrategy chainingStrategy = ChainingStrategy.ALWAYS;

    public ChainingStrategy chainingStrategy() {
        return chainingStrategy;
    }

    public void setChainingStrategy(ChainingStrategy strategy) {
        this.chainingStrategy = Objects.requireNonNull(strategy, "chaining strategy");
    }

    /** True for transformations that are no operator (partitioning, union, side-output selection). */
    public boolean isVirtual() {
        return false;
    }

    /** The transformations whose records this one reads. */
    public abstract List<Transformation<?>> inputs();

    /** What this transformation runs; null for a virtual one (partitioning, union, side output). */
    public abstract Operation operation();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + id + ", '" + name + "'}";
    }
}
