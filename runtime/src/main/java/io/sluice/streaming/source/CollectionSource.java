package io.sluice.streaming.source;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.Output;
import io.sluice.streaming.SequenceSource;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamRecord;
import io.sluice.streaming.UserCodeSerialization;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Emits the elements of a collection, each once overall: parallel instance i of n emits its own
 * contiguous part of the list, split as {@link SequenceSource#subRange} splits a sequence.
 *
 * <p>The elements travel inside the operator as Java-serialized bytes, taken when the job is built
 * (later changes to the collection do not reach the job); each subtask deserializes them with the
 * job's class loader, so elements may be instances of the user's own classes.
 */
public final class CollectionSource<T> extends AbstractStreamOperator<T>
        implements SourceOperator<T>, ReplayableSource<CollectionSource.Position> {

    private static final long serialVersionUID = 1L;

    static final int BATCH_SIZE = 1024;

    /** Index (into the whole collection) of the next element this instance emits. */
    public record Position(long nextIndex) implements Serializable {
    }

    private final byte[] serializedElements;
    private final int size;

    private transient List<T> elements;
    private transient long nextIndex;
    private transient long endIndex;
    private transient Position restored;

    /**
     * @throws IllegalArgumentException if an element is null or cannot be serialized, naming it
     */
    public CollectionSource(Collection<? extends T> collection) {
        Objects.requireNonNull(collection, "collection must not be null");
        List<T> copy = new ArrayList<>(collection.size());
        int index = 0;
        for (T element : collection) {
            if (element == null) {
                throw new IllegalArgumentException("element " + index + " of the collection is null: "
                        + "sources cannot emit null records; filter nulls out or wrap them (e.g. Optional-like record)");
            }
            copy.add(element);
            index++;
        }
        this.size = copy.size();
        this.serializedElements = serialize(copy);
    }

    private static byte[] serialize(List<?> elements) {
        try {
            return UserCodeSerialization.serialize(new ArrayList<>(elements));
        } catch (NotSerializableException e) {
            int index = 0;
            for (Object element : elements) {
                if (!(element instanceof Serializable)) {
                    throw new IllegalArgumentException("element " + index + " of the collection (" + element.getClass().getName()
                            + ") is not serializable: collection elements are shipped to the cluster with Java "
                            + "serialization, so their class must implement java.io.Serializable", e);
                }
                index++;
            }
            throw new IllegalArgumentException("the collection's elements cannot be serialized: " + e.getMessage()
                    + " is not serializable (collection elements, and everything they reference, are shipped to the "
                    + "cluster with Java serialization and must implement java.io.Serializable)", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("the collection's elements cannot be serialized: " + e, e);
        }
    }

    /** Number of elements of the whole collection (all parallel instances together). */
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void open() throws Exception {
        elements = (List<T>) UserCodeSerialization.deserialize(serializedElements, context.userClassLoader());
        SequenceSource.SubRange part = size == 0
                ? new SequenceSource.SubRange(0, 0)
                : SequenceSource.subRange(0, size - 1, context.subtaskIndex(), context.parallelism());
        endIndex = part.first() + part.count();
        nextIndex = part.first();
        if (restored != null) {
            if (restored.nextIndex() < part.first() || restored.nextIndex() > endIndex) {
                throw new IllegalStateException("restored position " + restored + " is outside this subtask's part ["
                        + part.first() + ", " + endIndex + ") of the collection; was it taken with another parallelism?");
            }
            nextIndex = restored.nextIndex();
        }
    }

    @Override
    public Status emitNext() throws Exception {
        Output<T> out = output;
        StreamRecord<T> reuse = new StreamRecord<>(null);
        long stop = Math.min(endIndex, nextIndex + BATCH_SIZE);
        for (long i = nextIndex; i < stop; i++) {
            out.collect(reuse.replace(elements.get((int) i)));
        }
        nextIndex = stop;
        return nextIndex >= endIndex ? Status.END_OF_INPUT : Status.MORE_AVAILABLE;
    }

    @Override
    public Position currentPosition() {
        return new Position(nextIndex);
    }

    @Override
    public void restorePosition(Position position) {
        this.restored = Objects.requireNonNull(position, "position");
    }

    @Override
    public void close() {
        elements = null;
    }
}
