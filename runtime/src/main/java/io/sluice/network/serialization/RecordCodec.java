package io.sluice.network.serialization;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;

/**
 * Reads and writes the components of one Java record class through method handles bound once per
 * class: records are the common value type of user programs, and Kryo's reflective record support
 * costs about a microsecond per record, an order of magnitude more than the fields themselves.
 */
final class RecordCodec {

    private final Class<?> type;
    private final MethodHandle[] getters;
    private final MethodHandle constructor;

    private RecordCodec(Class<?> type, MethodHandle[] getters, MethodHandle constructor) {
        this.type = type;
        this.getters = getters;
        this.constructor = constructor;
    }

    /** A codec for {@code type}, or null if its accessors or constructor cannot be opened (Kryo then handles it). */
    static RecordCodec forClass(Class<?> type) {
        try {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle[] getters = new MethodHandle[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                Method accessor = components[i].getAccessor();
                accessor.setAccessible(true);
                getters[i] = lookup.unreflect(accessor).asType(MethodType.methodType(Object.class, Object.class));
                types[i] = components[i].getType();
            }
            Constructor<?> canonical = type.getDeclaredConstructor(types);
            canonical.setAccessible(true);
            MethodHandle ctor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCodec(type, getters, ctor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    Class<?> type() {
        return type;
    }

    int arity() {
        return getters.length;
    }

    Object component(Object record, int index) {
        try {
            return (Object) getters[index].invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read component " + index + " of " + type.getName(), t);
        }
    }

    Object create(Object[] components) {
        try {
            return (Object) constructor.invokeExact(components);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a " + type.getName(), t);
        }
    }
}
