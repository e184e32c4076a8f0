package io.sluice.ha;

import io.sluice.blob.BlobKey;
import io.sluice.graph.JobGraph;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A submitted job as the {@link JobGraphStore} keeps it: the graph and the keys of its jars in the blob store. */
public record StoredJobGraph(JobGraph jobGraph, List<BlobKey> jars) {

    private static final int FORMAT = 1;

    public StoredJobGraph {
        jars = List.copyOf(jars);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            byte[] graph = jobGraph.toBytes();
            out.writeInt(graph.length);
            out.write(graph);
            out.writeInt(jars.size());
            for (BlobKey key : jars) {
                out.writeUTF(key.sha256());
                out.writeLong(key.size());
                out.writeUTF(key.name());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize job " + jobGraph.jobId(), e);
        }
        return bytes.toByteArray();
    }

    public static StoredJobGraph fromBytes(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IOException("stored job graph has format " + format + ", this version reads " + FORMAT);
            }
            byte[] graph = in.readNBytes(in.readInt());
            JobGraph jobGraph = JobGraph.fromBytes(graph);
            int n = in.readInt();
            List<BlobKey> jars = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                jars.add(new BlobKey(in.readUTF(), in.readLong(), in.readUTF()));
            }
            return new StoredJobGraph(jobGraph, jars);
        }
    }
}
