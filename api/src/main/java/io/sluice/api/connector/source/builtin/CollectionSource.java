package io.sluice.api.connector.source.builtin;

import io.sluice.api.common.UserCodeSerialization;
import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The elements of a collection, each emitted once overall, split across the parallel instances like
 * {@link SequenceSource}. The elements are Java-serialized into the source when it is created (later
 * changes to the collection do not reach the job); each reader deserializes them with the job's class
 * loader, so elements may be instances of the user's own classes.
 */
public final class CollectionSource<T> implements Source<T, CollectionSource.Range> {

    private static final long serialVersionUID = 1L;

    /** Records per poll: bounds the time between two checkpoint or cancellation checks. */
    static final int BATCH_SIZE = 1024;

    private final int size;
    private final byte[] serializedElements;

    /** Elements {@code [next, end)} of the collection still to emit. */
    public record Range(int next, int end) implements Serializable {
    }

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
    public List<Range> createSplits(int parallelism) {
        List<Range> ranges = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++) {
            SequenceSource.Part part = size == 0 ? new SequenceSource.Part(0, 0)
                    : SequenceSource.part(0, size - 1, i, parallelism);
            ranges.add(new Range((int) part.next(), (int) (part.next() + part.remaining())));
        }
        return ranges;
    }

    @Override
    @SuppressWarnings("unchecked")
    public SourceReader<T, Range> createReader(ConnectorContext context) throws Exception {
        return new Reader<>((List<T>) UserCodeSerialization.deserialize(serializedElements, context.userCodeClassLoader()));
    }

    private static final class Reader<T> implements SourceReader<T, Range> {

        private final List<T> elements;
        private final ArrayDeque<Range> ranges = new ArrayDeque<>();
        private int next;
        private int end;

        Reader(List<T> elements) {
            this.elements = elements;
        }

        @Override
        public void addSplits(List<Range> splits) {
            for (Range range : splits) {
                if (range.next() < 0 || range.end() > elements.size() || range.next() > range.end()) {
                    throw new IllegalStateException("range " + range + " is outside the collection of "
                            + elements.size() + " elements: was the checkpoint taken of another program?");
                }
            }
            ranges.addAll(splits);
        }

        @Override
        public InputStatus pollNext(SourceOutput<T> output) {
            while (next == end) {
                Range range = ranges.poll();
                if (range == null) {
                    return InputStatus.END_OF_INPUT;
                }
                next = range.next();
                end = range.end();
            }
            int stop = Math.min(end, next + BATCH_SIZE);
            for (int i = next; i < stop; i++) {
                output.collect(elements.get(i));
            }
            next = stop;
            return next == end && ranges.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Range> snapshotState(long checkpointId) {
            List<Range> state = new ArrayList<>(ranges.size() + 1);
            if (next < end) {
                state.add(new Range(next, end));
            }
            state.addAll(ranges);
            return state;
        }

        @Override
        public void close() {
        }
    }
}
