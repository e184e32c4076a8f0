package io.sluice.api.windowing.windows;

import java.io.Serializable;

/** A group of records that a window function sees together. Windows are the namespace of window state. */
public abstract class Window implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The largest timestamp that belongs to the window; results of the window carry it as their timestamp. */
    public abstract long maxTimestamp();
}
