package io.sluice.api.eventtime;

import java.io.Serializable;

/** A timestamp assigner that can be shipped to the tasks (a lambda works). */
@FunctionalInterface
public interface SerializableTimestampAssigner<T> extends TimestampAssigner<T>, Serializable {
}
