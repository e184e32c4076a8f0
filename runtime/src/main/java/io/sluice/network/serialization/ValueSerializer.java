package io.sluice.network.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import io.sluice.api.tuple.Tuple2;
import io.sluice.api.tuple.Tuple3;
import java.util.List;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Writes and reads record values. The common types (Long, Integer, Double, String, byte[],
 * Boolean, and the tuples) take a one-byte tag and their raw bytes; Java records are written
 * component by component through cached method handles; everything else goes through Kryo. Classes the user registered get small
 * ids instead of their names on the wire, which is the difference between a few bytes and a few
 * dozen per record. One instance per task and direction (Kryo is not thread-safe).
 */
public final class ValueSerializer {

    static final byte NULL = 0;
    static final byte LONG = 1;
    static final byte INT = 2;
    static final byte DOUBLE = 3;
    static final byte STRING = 4;
    static final byte BYTES = 5;
    static final byte TRUE = 6;
    static final byte FALSE = 7;
    static final byte TUPLE2 = 8;
    static final byte TUPLE3 = 9;
    static final byte KRYO = 10;
    /** A Java record: class (registered id, or name), then each component as a value. */
    static final byte JAVA_RECORD = 11;

    /** Ids of user-registered classes start here, above Kryo's own registrations. */
    static final int FIRST_USER_ID = 100;

    private final Kryo kryo;
    private final ClassLoader classLoader;
    /** Java record codecs by class (writing) and by wire id / name (reading). */
    private final java.util.Map<Class<?>, RecordCodec> recordCodecs = new java.util.HashMap<>();
    private final java.util.Map<Class<?>, Integer> registeredIds = new java.util.HashMap<>();
    private final java.util.List<Class<?>> registeredById = new java.util.ArrayList<>();
    private final java.util.Map<String, RecordCodec> recordCodecsByName = new java.util.HashMap<>();
    private Class<?> lastRecordClass;
    private RecordCodec lastRecordCodec;

    /**
     * @param registeredTypes classes to register with Kryo, in this order on every side (producers and
     *                        consumers of a job register the same list, so ids agree)
     */
    public ValueSerializer(ClassLoader classLoader, List<Class<?>> registeredTypes) {
        kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        kryo.setReferences(false);
        kryo.setClassLoader(classLoader);
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        kryo.addDefaultSerializer(java.util.UUID.class, new DefaultSerializers.UUIDSerializer());
        kryo.addDefaultSerializer(java.net.URI.class, new DefaultSerializers.URISerializer());
        this.classLoader = classLoader;
        int id = FIRST_USER_ID;
        for (Class<?> type : registeredTypes) {
            kryo.register(type, id++);
            registeredIds.put(type, registeredById.size());
            registeredById.add(type);
        }
    }

    /** Loads the class names in {@code names} through {@code classLoader}; a missing class is a job error. */
    public static List<Class<?>> loadTypes(List<String> names, ClassLoader classLoader) {
        return names.stream().<Class<?>>map(name -> {
            try {
                return Class.forName(name, false, classLoader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("registered type " + name
                        + " is not in the job's class loader; is it packaged in the job jar?", e);
            }
        }).toList();
    }

    public void write(Output out, Object value) {
        if (value == null) {
            out.writeByte(NULL);
            return;
        }
        Class<?> type = value.getClass();
        if (type == Long.class) {
            out.writeByte(LONG);
            out.writeLong((Long) value);
        } else if (type == String.class) {
            out.writeByte(STRING);
            out.writeString((String) value);
        } else if (type == Tuple2.class) {
            Tuple2<?, ?> t = (Tuple2<?, ?>) value;
            out.writeByte(TUPLE2);
            write(out, t.f0());
            write(out, t.f1());
        } else if (type == Integer.class) {
            out.writeByte(INT);
            out.writeInt((Integer) value);
        } else if (type == Double.class) {
            out.writeByte(DOUBLE);
            out.writeDouble((Double) value);
        } else if (type == byte[].class) {
            byte[] bytes = (byte[]) value;
            out.writeByte(BYTES);
            out.writeVarInt(bytes.length, true);
            out.writeBytes(bytes);
        } else if (type == Boolean.class) {
            out.writeByte((Boolean) value ? TRUE : FALSE);
        } else if (type == Tuple3.class) {
            Tuple3<?, ?, ?> t = (Tuple3<?, ?, ?>) value;
            out.writeByte(TUPLE3);
            write(out, t.f0());
            write(out, t.f1());
            write(out, t.f2());
        } else if (type.isRecord() && writeRecord(out, type, value)) {
            return;
        } else {
            out.writeByte(KRYO);
            kryo.writeClassAndObject(out, value);
        }
    }

    /** Java records through cached method handles; false if the record's class cannot be opened. */
    private boolean writeRecord(Output out, Class<?> type, Object value) {
        RecordCodec codec;
        if (type == lastRecordClass) {
            codec = lastRecordCodec;
        } else {
            codec = recordCodecs.computeIfAbsent(type, RecordCodec::forClass);
            lastRecordClass = type;
            lastRecordCodec = codec;
        }
        if (codec == null) {
            return false;
        }
        out.writeByte(JAVA_RECORD);
        Integer id = registeredIds.get(type);
        if (id != null) {
            out.writeVarInt(id + 1, true);
        } else {
            out.writeVarInt(0, true);
            out.writeString(type.getName());
        }
        for (int i = 0, n = codec.arity(); i < n; i++) {
            write(out, codec.component(value, i));
        }
        return true;
    }

    private Object readRecord(Input in) {
        int id = in.readVarInt(true);
        RecordCodec codec;
        if (id > 0) {
            Class<?> type = registeredById.get(id - 1);
            codec = recordCodecs.computeIfAbsent(type, RecordCodec::forClass);
        } else {
            String name = in.readString();
            codec = recordCodecsByName.get(name);
            if (codec == null) {
                try {
                    codec = RecordCodec.forClass(Class.forName(name, false, classLoader));
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException("record class " + name + " of a received value is not in the job's "
                            + "class loader", e);
                }
                if (codec == null) {
                    throw new IllegalStateException("cannot open record class " + name + " to read a received value");
                }
                recordCodecsByName.put(name, codec);
            }
        }
        Object[] components = new Object[codec.arity()];
        for (int i = 0; i < components.length; i++) {
            components[i] = read(in);
        }
        return codec.create(components);
    }

    public Object read(Input in) {
        byte tag = in.readByte();
        switch (tag) {
            case NULL:
                return null;
            case LONG:
                return in.readLong();
            case STRING:
                return in.readString();
            case TUPLE2:
                return new Tuple2<>(read(in), read(in));
            case INT:
                return in.readInt();
            case DOUBLE:
                return in.readDouble();
            case BYTES:
                return in.readBytes(in.readVarInt(true));
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case TUPLE3:
                return new Tuple3<>(read(in), read(in), read(in));
            case KRYO:
                return kryo.readClassAndObject(in);
            case JAVA_RECORD:
                return readRecord(in);
            default:
                throw new IllegalStateException("corrupt record: unknown value tag " + tag
                        + " (producer and consumer disagree about the data format)");
        }
    }
}
