package io.sluice.api.functions.aggregation;

import io.sluice.api.tuple.Tuple2;
import io.sluice.api.tuple.Tuple3;
import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads and replaces one field of a record, addressed by position ({@code f0} = 0) or component
 * name. Works on {@link Tuple2}/{@link Tuple3} without reflection, on any Java record through its
 * accessors and canonical constructor (resolved once, on the first value), and on plain values
 * (numbers, strings) as position 0.
 */
final class FieldAccessor implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String name;

    private transient Class<?> resolvedFor;
    private transient int index;
    private transient Method[] accessors;
    private transient Constructor<?> constructor;

    private FieldAccessor(int position, String name) {
        this.position = position;
        this.name = name;
    }

    static FieldAccessor byPosition(int position) {
        if (position < 0) {
            throw new IllegalArgumentException("field position must be 0 or more, was " + position);
        }
        return new FieldAccessor(position, null);
    }

    static FieldAccessor byName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
        return new FieldAccessor(-1, name);
    }

    String describe() {
        return name != null ? "'" + name + "'" : "position " + position;
    }

    Object get(Object record) {
        if (record instanceof Tuple2<?, ?> t && name == null) {
            return switch (position) {
                case 0 -> t.f0();
                case 1 -> t.f1();
                default -> throw outOfRange(record, 2);
            };
        }
        if (record instanceof Tuple3<?, ?, ?> t && name == null) {
            return switch (position) {
                case 0 -> t.f0();
                case 1 -> t.f1();
                case 2 -> t.f2();
                default -> throw outOfRange(record, 3);
            };
        }
        if (!resolve(record)) {
            return record;
        }
        try {
            return accessors[index].invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read field " + describe() + " of " + record.getClass().getName(), e);
        }
    }

    /** A copy of {@code record} with the field set to {@code value}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object with(Object record, Object value) {
        if (record instanceof Tuple2 t && name == null) {
            return position == 0 ? new Tuple2(value, t.f1()) : new Tuple2(t.f0(), value);
        }
        if (record instanceof Tuple3 t && name == null) {
            return switch (position) {
                case 0 -> new Tuple3(value, t.f1(), t.f2());
                case 1 -> new Tuple3(t.f0(), value, t.f2());
                default -> new Tuple3(t.f0(), t.f1(), value);
            };
        }
        if (!resolve(record)) {
            return value;
        }
        try {
            Object[] args = new Object[accessors.length];
            for (int i = 0; i < args.length; i++) {
                args[i] = i == index ? value : accessors[i].invoke(record);
            }
            return constructor.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a " + record.getClass().getName() + " with field " + describe(), e);
        }
    }

    /** Prepares reflective access for records; false when the value itself is the field. */
    private boolean resolve(Object record) {
        Class<?> type = record.getClass();
        if (type == resolvedFor) {
            return accessors != null;
        }
        if (!type.isRecord()) {
            if (name != null || position != 0) {
                throw new IllegalArgumentException("cannot address field " + describe() + " of a " + type.getName()
                        + ": fields are addressed in records (Tuple2, Tuple3 or your own); a plain value is position 0");
            }
            resolvedFor = type;
            accessors = null;
            return false;
        }
        RecordComponent[] components = type.getRecordComponents();
        int found = -1;
        if (name != null) {
            for (int i = 0; i < components.length; i++) {
                if (components[i].getName().equals(name)) {
                    found = i;
                }
            }
            if (found < 0) {
                throw new IllegalArgumentException("record " + type.getName() + " has no component '" + name + "'; it has "
                        + Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.joining(", ")));
            }
        } else if (position < components.length) {
            found = position;
        } else {
            throw outOfRange(record, components.length);
        }
        Method[] methods = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            methods[i] = components[i].getAccessor();
            methods[i].setAccessible(true);
            types[i] = components[i].getType();
        }
        try {
            constructor = type.getDeclaredConstructor(types);
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
        }
        accessors = methods;
        index = found;
        resolvedFor = type;
        return true;
    }

    private IllegalArgumentException outOfRange(Object record, int fields) {
        return new IllegalArgumentException("field position " + position + " does not exist in " + record.getClass().getSimpleName()
                + " " + record + ": it has positions 0.." + (fields - 1));
    }
}
