package io.sluice.state;

/** The namespace of state that is scoped to the key only (not to a window). */
public enum VoidNamespace {
    INSTANCE
}
