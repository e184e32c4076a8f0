package io.sluice.state;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo for keys, namespaces and state values in snapshots. Classes resolve through the job's class
 * loader; records, collections and classes without a no-argument constructor work without
 * registration. One instance per backend: Kryo is not thread-safe, and a backend is used by its
 * task thread only.
 */
final class StateSerializer {

    /** Values of these classes cannot change, so a snapshot may share them with the live state. */
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Long.class, Integer.class, Short.class,
            Byte.class, Character.class, Boolean.class, Double.class, Float.class, BigInteger.class, BigDecimal.class);

    private final Kryo kryo;
    private final Output copyBuffer = new Output(256, -1);

    StateSerializer(ClassLoader classLoader) {
        kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    }

    void write(Output out, Object value) {
        kryo.writeClassAndObject(out, value);
    }

    Object read(Input in) {
        return kryo.readClassAndObject(in);
    }

    /**
     * A deep copy of a state value, through its serialized form (what a checkpoint writes of it is
     * what the copy holds). Immutable values are returned as they are.
     */
    Object copy(Object value) {
        if (value == null || IMMUTABLE.contains(value.getClass()) || value instanceof Enum<?>) {
            return value;
        }
        copyBuffer.reset();
        kryo.writeClassAndObject(copyBuffer, value);
        return kryo.readClassAndObject(new Input(copyBuffer.getBuffer(), 0, copyBuffer.position()));
    }
}
