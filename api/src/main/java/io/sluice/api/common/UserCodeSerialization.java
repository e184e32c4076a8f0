package io.sluice.api.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * Java serialization of operators and user functions. Reading resolves classes through the job's
 * class loader: a serialized lambda names its capturing class, which lives in the user's jar and
 * is invisible to the class loader that loaded the runtime.
 */
public final class UserCodeSerialization {

    private UserCodeSerialization() {
    }

    public static byte[] serialize(Object object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws ClassNotFoundException naming the first class the class loader could not find, also when
     *         the stream failed for a consequence of it (a lambda whose capturing class is missing stays
     *         a SerializedLambda and fails with a ClassCastException before the missing class is reported)
     */
    public static Object deserialize(byte[] data, ClassLoader classLoader) throws IOException, ClassNotFoundException {
        try (ClassLoaderObjectInputStream in = new ClassLoaderObjectInputStream(new ByteArrayInputStream(data), classLoader)) {
            try {
                return in.readObject();
            } catch (IOException | RuntimeException e) {
                if (in.firstMissingClass != null) {
                    throw new ClassNotFoundException(in.firstMissingClass, e);
                }
                throw e;
            }
        }
    }

    private static final class ClassLoaderObjectInputStream extends ObjectInputStream {

        private static final Map<String, Class<?>> PRIMITIVES = Map.of(
                "boolean", boolean.class, "byte", byte.class, "char", char.class, "short", short.class,
                "int", int.class, "long", long.class, "float", float.class, "double", double.class,
                "void", void.class);

        private final ClassLoader classLoader;
        private String firstMissingClass;

        ClassLoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                Class<?> primitive = PRIMITIVES.get(desc.getName());
                if (primitive != null) {
                    return primitive;
                }
                if (firstMissingClass == null) {
                    firstMissingClass = desc.getName();
                }
                throw e;
            }
        }
    }
}
