package io.sluice.streaming.connector;

import io.sluice.api.common.UserCodeSerialization;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Splits and sink states in operator list state: one Java-serialized element each, so they can be redistributed. */
final class SerializedElements {

    private SerializedElements() {
    }

    static List<byte[]> serialize(List<? extends Serializable> elements, String what) throws IOException {
        List<byte[]> bytes = new ArrayList<>(elements.size());
        for (Serializable element : elements) {
            if (element == null) {
                throw new IllegalStateException(what + " contains null; return only the elements to store");
            }
            bytes.add(UserCodeSerialization.serialize(element));
        }
        return bytes;
    }

    @SuppressWarnings("unchecked")
    static <S> List<S> deserialize(List<byte[]> elements, ClassLoader classLoader, String what) throws IOException {
        List<S> result = new ArrayList<>(elements.size());
        for (byte[] element : elements) {
            try {
                result.add((S) UserCodeSerialization.deserialize(element, classLoader));
            } catch (ClassNotFoundException e) {
                throw new IOException("cannot restore " + what + ": class " + e.getMessage()
                        + " is not in the job's jar (was the checkpoint taken of another program?)", e);
            }
        }
        return result;
    }
}
