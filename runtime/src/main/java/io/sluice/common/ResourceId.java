package io.sluice.common;

import java.io.Serializable;

/** Identifies a TaskManager process (stable across its reconnects; on YARN the container id). */
public record ResourceId(String value) implements Serializable {
    public ResourceId {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("resource id must not be empty");
        }
    }

    public static ResourceId generate(String prefix) {
        return new ResourceId(prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public String toString() {
        return value;
    }
}
