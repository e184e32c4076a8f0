package io.sluice.state;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sluice.api.checkpoint.OperatorStateStore;
import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator state of one operator instance: named lists on the heap. A snapshot serializes each
 * element on its own (small state, on the task thread), so a restore can split or union them.
 */
public final class HeapOperatorStateStore implements OperatorStateStore {

    private final Map<String, Entry<?>> lists = new LinkedHashMap<>();
    private final Map<String, OperatorListState> restored = new LinkedHashMap<>();
    private final StateSerializer serializer;

    private record Entry<T>(OperatorListState.Distribution distribution, OperatorListHandle<T> handle) {
    }

    public HeapOperatorStateStore(ClassLoader classLoader, List<OperatorListState> restoredLists) {
        this.serializer = new StateSerializer(classLoader);
        restoredLists.forEach(l -> restored.put(l.name(), l));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return get(descriptor, OperatorListState.Distribution.SPLIT);
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        return get(descriptor, OperatorListState.Distribution.UNION);
    }

    @SuppressWarnings("unchecked")
    private <T> ListState<T> get(ListStateDescriptor<T> descriptor, OperatorListState.Distribution distribution) {
        String name = descriptor.getName();
        Entry<?> existing = lists.get(name);
        if (existing != null) {
            if (existing.distribution() != distribution) {
                throw new IllegalStateException("operator state '" + name + "' is already a " + describe(existing.distribution())
                        + " list state; give each state its own name");
            }
            return (ListState<T>) existing.handle();
        }
        OperatorListHandle<T> handle = new OperatorListHandle<>();
        OperatorListState old = restored.remove(name);
        if (old != null) {
            for (byte[] element : old.elements()) {
                handle.add((T) serializer.read(new Input(element)));
            }
        }
        lists.put(name, new Entry<>(distribution, handle));
        return handle;
    }

    private static String describe(OperatorListState.Distribution d) {
        return d == OperatorListState.Distribution.UNION ? "union" : "split";
    }

    /** The lists' current content, each element serialized; restored lists nobody asked for are kept as they were. */
    public List<OperatorListState> snapshot() {
        List<OperatorListState> result = new ArrayList<>(restored.values());
        Output out = new Output(256, -1);
        for (Map.Entry<String, Entry<?>> e : lists.entrySet()) {
            List<byte[]> elements = new ArrayList<>();
            for (Object element : e.getValue().handle().values) {
                out.reset();
                serializer.write(out, element);
                elements.add(out.toBytes());
            }
            result.add(new OperatorListState(e.getKey(), e.getValue().distribution(), elements));
        }
        return result;
    }

    /** One list of operator state; the same handle for the instance's whole life. */
    private static final class OperatorListHandle<T> implements ListState<T> {
        private final List<T> values = new ArrayList<>();

        @Override
        public Iterable<T> get() {
            return values;
        }

        @Override
        public void add(T value) {
            values.add(java.util.Objects.requireNonNull(value, "list state elements must not be null"));
        }

        @Override
        public void addAll(List<T> more) {
            more.forEach(this::add);
        }

        @Override
        public void update(List<T> replacement) {
            values.clear();
            addAll(replacement);
        }

        @Override
        public void clear() {
            values.clear();
        }
    }
}
