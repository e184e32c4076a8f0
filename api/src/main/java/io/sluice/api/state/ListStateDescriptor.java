package io.sluice.api.state;

/** Describes a {@link ListState}. */
public final class ListStateDescriptor<T> extends StateDescriptor<ListState<T>> {

    private static final long serialVersionUID = 1L;

    public ListStateDescriptor(String name) {
        super(name);
    }

    public ListStateDescriptor(String name, Class<T> elementType) {
        super(name);
    }

    @Override
    public String kind() {
        return "list";
    }
}
