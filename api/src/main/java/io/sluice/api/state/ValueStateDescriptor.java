package io.sluice.api.state;

/** Describes a {@link ValueState}. The type is informational: values are serialized with Kryo. */
public final class ValueStateDescriptor<T> extends StateDescriptor<ValueState<T>> {

    private static final long serialVersionUID = 1L;

    public ValueStateDescriptor(String name) {
        super(name);
    }

    public ValueStateDescriptor(String name, Class<T> type) {
        super(name);
    }

    @Override
    public String kind() {
        return "value";
    }
}
