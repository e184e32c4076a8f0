package io.sluice.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a completed checkpoint consists of: the state of every operator (small state inline, larger
 * state as files beside it) — the content of {@code <dir>/<job id>/chk-<n>/_metadata}, and what the
 * completed checkpoint store keeps. Restoring needs nothing else.
 *
 * @param jobId        the job that wrote it (hex)
 * @param location     the checkpoint's directory, or null when it is kept in the JobManager only
 */
public record CheckpointMetadata(String jobId, long checkpointId, long triggerTimestamp, long completionTimestamp,
                                 String location, List<OperatorState> operators) implements Serializable {

    private static final int MAGIC = 0x534c434b; // "SLCK"
    private static final int VERSION = 1;

    public CheckpointMetadata {
        operators = List.copyOf(operators);
    }

    public OperatorState operator(String operatorId) {
        for (OperatorState o : operators) {
            if (o.operatorId().equals(operatorId)) {
                return o;
            }
        }
        return null;
    }

    public long size() {
        return operators.stream().mapToLong(OperatorState::size).sum();
    }

    /** Every state file the checkpoint refers to (inline state has none). */
    public List<StateHandle.File> files() {
        List<StateHandle.File> files = new ArrayList<>();
        for (OperatorState o : operators) {
            for (OperatorSubtaskState s : o.subtasks()) {
                for (KeyedStateHandle k : s.keyed()) {
                    if (k.data() instanceof StateHandle.File f) {
                        files.add(f);
                    }
                }
            }
        }
        return files;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            ObjectOutputStream objects = new ObjectOutputStream(out);
            objects.writeObject(this);
            objects.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize the metadata of checkpoint " + checkpointId, e);
        }
        return bytes.toByteArray();
    }

    public static CheckpointMetadata fromBytes(byte[] data) throws IOException {
        return read(new ByteArrayInputStream(data));
    }

    /** Reads metadata; an IOException names what is wrong (not metadata, other version, truncated). */
    public static CheckpointMetadata read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic;
        try {
            magic = in.readInt();
        } catch (java.io.EOFException e) {
            throw new IOException("empty or truncated checkpoint metadata");
        }
        if (magic != MAGIC) {
            throw new IOException("not Sluice checkpoint metadata (wrong magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("checkpoint metadata version " + version + " is not supported (this Sluice reads "
                    + VERSION + ")");
        }
        try (ObjectInputStream objects = new ObjectInputStream(in) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                // only Sluice's own value types and the JDK's: the metadata never holds user classes
                String name = desc.getName();
                if (!(name.startsWith("io.sluice.") || name.startsWith("java.") || name.startsWith("[B")
                        || name.startsWith("[Ljava.") || name.startsWith("[Lio.sluice."))) {
                    throw new java.io.InvalidClassException(name, "not allowed in checkpoint metadata");
                }
                return Class.forName(name, false, CheckpointMetadata.class.getClassLoader());
            }
        }) {
            Object o = objects.readObject();
            if (!(o instanceof CheckpointMetadata m)) {
                throw new IOException("checkpoint metadata holds a " + o.getClass().getName());
            }
            return m;
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new IOException("corrupt checkpoint metadata: " + e.getMessage(), e);
        } catch (java.io.EOFException | java.io.StreamCorruptedException e) {
            throw new IOException("truncated or corrupt checkpoint metadata: " + e, e);
        }
    }
}
