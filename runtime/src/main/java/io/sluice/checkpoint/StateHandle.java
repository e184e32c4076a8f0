package io.sluice.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where one piece of checkpointed state is: inline in the checkpoint's metadata (small state) or a
 * file through the Hadoop FileSystem API ({@code hdfs://}, {@code file://}).
 */
public sealed interface StateHandle extends Serializable {

    long size();

    InputStream open() throws IOException;

    /** State small enough to travel in the acknowledgement and the {@code _metadata} file. */
    record Inline(byte[] data) implements StateHandle {
        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }
    }

    /** A file written by a task into the checkpoint's directory. */
    record File(String path, long size) implements StateHandle {
        @Override
        public InputStream open() throws IOException {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
            return fs.open(p);
        }

        /** Whether the file is there with the size the task reported (a cheap check before a restore). */
        public boolean isIntact() throws IOException {
            Path p = new Path(path);
            FileSystem fs = p.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
            return fs.exists(p) && fs.getFileStatus(p).getLen() == size;
        }
    }
}
