package io.sluice.api.functions.aggregation;

import io.sluice.api.functions.ReduceFunction;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * The reduce functions behind {@code sum/min/max/minBy/maxBy} on keyed streams. {@code sum},
 * {@code min} and {@code max} replace one field and keep the other fields of the first record of
 * the key; {@code minBy}/{@code maxBy} keep the whole record that holds the extreme value (the
 * earlier one on ties).
 */
public final class FieldAggregator<T> implements ReduceFunction<T> {

    private static final long serialVersionUID = 1L;

    public enum Kind { SUM, MIN, MAX, MIN_BY, MAX_BY }

    private final Kind kind;
    private final FieldAccessor field;

    private FieldAggregator(Kind kind, FieldAccessor field) {
        this.kind = Objects.requireNonNull(kind);
        this.field = field;
    }

    public static <T> FieldAggregator<T> byPosition(Kind kind, int position) {
        return new FieldAggregator<>(kind, FieldAccessor.byPosition(position));
    }

    public static <T> FieldAggregator<T> byName(Kind kind, String name) {
        return new FieldAggregator<>(kind, FieldAccessor.byName(name));
    }

    @Override
    @SuppressWarnings("unchecked")
    public T reduce(T accumulated, T value) {
        Object a = field.get(accumulated);
        Object b = field.get(value);
        return switch (kind) {
            case SUM -> (T) field.with(accumulated, add(a, b));
            case MIN -> compare(b, a) < 0 ? (T) field.with(accumulated, b) : accumulated;
            case MAX -> compare(b, a) > 0 ? (T) field.with(accumulated, b) : accumulated;
            case MIN_BY -> compare(b, a) < 0 ? value : accumulated;
            case MAX_BY -> compare(b, a) > 0 ? value : accumulated;
        };
    }

    private Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return x + y;
        }
        if (a instanceof Integer x && b instanceof Integer y) {
            return x + y;
        }
        if (a instanceof Double x && b instanceof Double y) {
            return x + y;
        }
        if (a instanceof Float x && b instanceof Float y) {
            return x + y;
        }
        if (a instanceof Short x && b instanceof Short y) {
            return (short) (x + y);
        }
        if (a instanceof Byte x && b instanceof Byte y) {
            return (byte) (x + y);
        }
        if (a instanceof BigInteger x && b instanceof BigInteger y) {
            return x.add(y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.add(y);
        }
        throw new IllegalArgumentException("sum(" + field.describe() + ") needs a number field, but got "
                + typeName(a) + " and " + typeName(b));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private int compare(Object a, Object b) {
        if (a instanceof Comparable c && b != null && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        throw new IllegalArgumentException(kind.name().toLowerCase() + "(" + field.describe() + ") needs a comparable field, "
                + "but got " + typeName(a) + " and " + typeName(b));
    }

    private static String typeName(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }
}
