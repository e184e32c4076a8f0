package io.sluice.api.tuple;

import java.io.Serializable;

/**
 * A pair of values, the usual record type of keyed jobs ({@code (word, count)}). Fields are
 * addressed by position in {@code keyBy}/{@code sum}: {@code f0} is 0, {@code f1} is 1.
 */
public record Tuple2<T0, T1>(T0 f0, T1 f1) implements Serializable {

    public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
        return new Tuple2<>(f0, f1);
    }

    @Override
    public String toString() {
        return "(" + f0 + "," + f1 + ")";
    }
}
