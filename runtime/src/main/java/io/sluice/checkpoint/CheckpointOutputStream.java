package io.sluice.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a task writes one piece of state for a checkpoint: kept in memory up to the inline threshold
 * (it then travels inside the acknowledgement and {@code _metadata}), else a file in the checkpoint's
 * directory. Without a directory (checkpoints kept by the JobManager) the state must fit
 * {@code maxInlineBytes}.
 */
public final class CheckpointOutputStream extends OutputStream {

    private final String directory;
    private final int inlineThreshold;
    private final long maxInlineBytes;
    private final String name;
    private ByteArrayOutputStream memory = new ByteArrayOutputStream(256);
    private FileSystem fs;
    private Path file;
    private FSDataOutputStream out;
    private long written;
    private boolean closed;

    /**
     * @param directory       the checkpoint's directory, or null (JobManager-kept checkpoints)
     * @param inlineThreshold bytes up to which state stays inline
     * @param maxInlineBytes  the limit without a directory
     * @param name            a readable prefix of the file name (operator and subtask)
     */
    public CheckpointOutputStream(String directory, int inlineThreshold, long maxInlineBytes, String name) {
        this.directory = directory;
        this.inlineThreshold = inlineThreshold;
        this.maxInlineBytes = maxInlineBytes;
        this.name = name;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("checkpoint stream is closed");
        }
        if (memory != null && memory.size() + len > (directory == null ? maxInlineBytes : inlineThreshold)) {
            if (directory == null) {
                throw new IOException("the state of " + name + " is larger than " + maxInlineBytes + " bytes, the limit of "
                        + "checkpoints kept in the JobManager's memory; set execution.checkpointing.dir to a durable "
                        + "directory (hdfs://...)");
            }
            spillToFile();
        }
        if (memory != null) {
            memory.write(b, off, len);
        } else {
            out.write(b, off, len);
        }
        written += len;
    }

    private void spillToFile() throws IOException {
        Path dir = new Path(directory);
        fs = dir.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
        file = new Path(dir, name + "-" + UUID.randomUUID());
        out = fs.create(file, false);
        memory.writeTo(out);
        memory = null;
    }

    /** Finishes the state and says where it is. */
    public StateHandle closeAndGetHandle() throws IOException {
        if (closed) {
            throw new IOException("checkpoint stream is closed");
        }
        closed = true;
        if (memory != null) {
            byte[] data = memory.toByteArray();
            memory = null;
            return new StateHandle.Inline(data);
        }
        try {
            out.close();
        } catch (IOException e) {
            discardQuietly();
            throw e;
        }
        return new StateHandle.File(fs.makeQualified(file).toString(), written);
    }

    /** Abandons the state (the checkpoint failed or was cancelled): removes the file if there is one. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        memory = null;
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the file goes anyway
            }
            discardQuietly();
        }
    }

    private void discardQuietly() {
        try {
            fs.delete(file, false);
        } catch (IOException ignored) {
            // the checkpoint directory is deleted as a whole when the checkpoint is discarded
        }
    }
}
