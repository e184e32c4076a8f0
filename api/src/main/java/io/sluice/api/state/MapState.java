package io.sluice.api.state;

import java.util.Map;

/** A map per key. Iteration views reflect the current key's map at the time of the call. */
public interface MapState<UK, UV> extends State {

    UV get(UK key);

    void put(UK key, UV value);

    void putAll(Map<UK, UV> map);

    void remove(UK key);

    boolean contains(UK key);

    Iterable<Map.Entry<UK, UV>> entries();

    Iterable<UK> keys();

    Iterable<UV> values();

    boolean isEmpty();
}
