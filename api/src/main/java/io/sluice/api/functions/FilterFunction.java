package io.sluice.api.functions;

import java.io.Serializable;

/** Keeps a record when it returns true. Serializable so lambdas can be shipped to the tasks. */
@FunctionalInterface
public interface FilterFunction<T> extends Serializable {

    boolean filter(T value) throws Exception;
}
