package io.sluice.ha;

import io.sluice.api.common.JobId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A completed checkpoint as the HA stores see it: its id, when it completed, and the opaque
 * metadata from which the JobMaster restores (state handles, operator states). The checkpointing
 * code owns the metadata's format.
 */
public record CompletedCheckpoint(JobId jobId, long checkpointId, long timestamp, byte[] metadata) {

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(jobId.upper());
            out.writeLong(jobId.lower());
            out.writeLong(checkpointId);
            out.writeLong(timestamp);
            out.writeInt(metadata.length);
            out.write(metadata);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    public static CompletedCheckpoint fromBytes(byte[] data) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            JobId jobId = new JobId(in.readLong(), in.readLong());
            long id = in.readLong();
            long timestamp = in.readLong();
            byte[] metadata = in.readNBytes(in.readInt());
            return new CompletedCheckpoint(jobId, id, timestamp, metadata);
        }
    }
}
