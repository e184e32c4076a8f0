package io.sluice.api.functions;

import java.io.Serializable;

/** Combines two values of the same type into one; used by keyed reduce, reducing state and windows. */
@FunctionalInterface
public interface ReduceFunction<T> extends Serializable {

    T reduce(T accumulated, T value) throws Exception;
}
