package io.sluice.api.state;

/** Keyed state: each handle reads and writes the value of the current key (and window, for window state). */
public interface State {

    /** Removes the value of the current key. */
    void clear();
}
