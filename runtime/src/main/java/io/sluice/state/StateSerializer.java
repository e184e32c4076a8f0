package io.sluice.state;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo for keys, namespaces and state values in snapshots. Classes resolve through the job's class
 * loader; records, collections and classes without a no-argument constructor work without
 * registration. One instance per backend: Kryo is not thread-safe, and a backend is used by its
 * task thread only.
 */
final class StateSerializer {

    private final Kryo kryo;

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
}
