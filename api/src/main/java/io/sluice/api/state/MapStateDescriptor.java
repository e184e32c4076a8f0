package io.sluice.api.state;

/** Describes a {@link MapState}. */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>> {

    private static final long serialVersionUID = 1L;

    public MapStateDescriptor(String name) {
        super(name);
    }

    public MapStateDescriptor(String name, Class<UK> keyType, Class<UV> valueType) {
        super(name);
    }

    @Override
    public String kind() {
        return "map";
    }
}
