package io.sluice.api.tuple;

import java.io.Serializable;

/** Three values addressed by position: {@code f0} is 0, {@code f1} is 1, {@code f2} is 2. */
public record Tuple3<T0, T1, T2>(T0 f0, T1 f1, T2 f2) implements Serializable {

    public static <T0, T1, T2> Tuple3<T0, T1, T2> of(T0 f0, T1 f1, T2 f2) {
        return new Tuple3<>(f0, f1, f2);
    }

    @Override
    public String toString() {
        return "(" + f0 + "," + f1 + "," + f2 + ")";
    }
}
