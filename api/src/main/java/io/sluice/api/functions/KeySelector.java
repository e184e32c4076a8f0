package io.sluice.api.functions;

import java.io.Serializable;

/**
 * Extracts the key of a record for {@code keyBy}. The key must have stable {@code equals} and
 * {@code hashCode} across JVMs (no identity hash codes, no enums' default hash): the key decides the
 * key group, and so the parallel instance and the state a record belongs to.
 */
@FunctionalInterface
public interface KeySelector<IN, KEY> extends Serializable {

    KEY getKey(IN value) throws Exception;
}
