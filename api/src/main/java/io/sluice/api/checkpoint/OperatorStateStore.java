package io.sluice.api.checkpoint;

import io.sluice.api.state.ListState;
import io.sluice.api.state.ListStateDescriptor;

/**
 * Operator state of one function instance: named lists whose content is part of every checkpoint.
 * Elements are serialized with Kryo (records and plain classes need no registration).
 */
public interface OperatorStateStore {

    /** A list that is split among the instances when the parallelism changes (each keeps its own otherwise). */
    <T> ListState<T> getListState(ListStateDescriptor<T> descriptor);

    /** A list that every instance gets whole after a restore: the union of all instances' lists. */
    <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor);
}
