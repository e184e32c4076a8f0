package io.sluice.api.functions;

import java.io.Serializable;

/**
 * Turns one record into another. Serializable so that lambdas and the objects they capture can be
 * shipped to the tasks; captured objects must be serializable too.
 */
@FunctionalInterface
public interface MapFunction<T, R> extends Serializable {

    R map(T value) throws Exception;
}
