package io.sluice.checkpoint;

import io.sluice.state.KeyGroupRange;
import java.io.Serializable;

/** The keyed state (and timers) of one operator instance: the key groups it owned and their snapshot. */
public record KeyedStateHandle(KeyGroupRange keyGroups, StateHandle data) implements Serializable {
}
