package io.sluice.ha.zookeeper;

import io.sluice.config.IllegalConfigurationException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The cluster's directory on the HA storage ({@code <storageDir>/<cluster-id>}), on any Hadoop
 * FileSystem. Payloads are written under fresh names and only then referenced from ZooKeeper, so a
 * pointer never names a half-written file.
 */
final class HaStorage {

    private final FileSystem fs;
    private final Path clusterDir;

    private HaStorage(FileSystem fs, Path clusterDir) {
        this.fs = fs;
        this.clusterDir = clusterDir;
    }

    /** Opens the directory and proves it is writable, failing with a message that names it. */
    static HaStorage open(String storageDir, String clusterId, Configuration hadoopConf) {
        Path dir = new Path(new Path(storageDir), clusterId);
        try {
            FileSystem fs = dir.getFileSystem(hadoopConf);
            fs.mkdirs(dir);
            Path probe = new Path(dir, ".write-probe-" + UUID.randomUUID());
            try (OutputStream out = fs.create(probe, false)) {
                out.write(1);
            }
            fs.delete(probe, false);
            return new HaStorage(fs, fs.makeQualified(dir));
        } catch (IOException | RuntimeException e) {
            throw new IllegalConfigurationException("high-availability.storageDir '" + storageDir + "' is not usable: "
                    + "cannot create and write " + dir + " (" + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + "). Point it at a directory every JobManager can write, "
                    + "e.g. hdfs:///sluice/ha, and check its permissions.", e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    Path clusterDir() {
        return clusterDir;
    }

    Path resolve(String relative) {
        return new Path(clusterDir, relative);
    }

    FileSystem fs() {
        return fs;
    }

    /** Writes {@code data} to a new file at {@code path} (never overwrites). */
    void write(Path path, byte[] data) throws IOException {
        try (OutputStream out = fs.create(path, false)) {
            out.write(data);
        }
    }

    byte[] read(Path path) throws IOException {
        try (InputStream in = fs.open(path)) {
            return in.readAllBytes();
        }
    }

    boolean exists(Path path) throws IOException {
        return fs.exists(path);
    }

    /** Deletes a file or tree; a missing one is fine. */
    void delete(Path path) throws IOException {
        try {
            fs.delete(path, true);
        } catch (FileNotFoundException e) {
            // already gone
        }
    }
}
