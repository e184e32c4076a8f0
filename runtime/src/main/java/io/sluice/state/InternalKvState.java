package io.sluice.state;

import io.sluice.api.state.State;
import java.util.Collection;

/**
 * The runtime side of a state handle: operators (windows) scope it to a namespace besides the key,
 * and merge namespaces when windows merge.
 *
 * @param <N> namespace type (a window, or {@link VoidNamespace})
 */
public interface InternalKvState<N> extends State {

    void setCurrentNamespace(N namespace);

    /**
     * Merges the values of {@code sources} (for the current key) into {@code target} and removes
     * them: lists are concatenated, reducing and aggregating state combine their values.
     *
     * @throws UnsupportedOperationException for value and map state, which have no merge rule
     */
    void mergeNamespaces(N target, Collection<N> sources) throws Exception;
}
