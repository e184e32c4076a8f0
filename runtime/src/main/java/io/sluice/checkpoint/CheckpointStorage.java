package io.sluice.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where a job's checkpoints go, on the JobMaster's side: {@code <dir>/<job id>/chk-<n>/} with the
 * tasks' state files and {@code _metadata}, through the Hadoop FileSystem API; or nowhere durable
 * (directory null), when the JobManager keeps checkpoints in memory. Methods that touch the file
 * system block: call them off the JobMaster's main thread.
 */
public final class CheckpointStorage {

    public static final String METADATA = "_metadata";

    private final String jobDirectory;

    /** @param baseDirectory the configured checkpoint directory, or null for JobManager memory */
    public CheckpointStorage(String baseDirectory, String jobIdHex) {
        this.jobDirectory = baseDirectory == null ? null : new Path(new Path(baseDirectory), jobIdHex).toString();
    }

    public boolean isDurable() {
        return jobDirectory != null;
    }

    /** For messages: where checkpoints of the job go. */
    public String describe() {
        return jobDirectory == null ? "the JobManager's memory" : jobDirectory;
    }

    /** The directory of checkpoint {@code id}, or null in memory. */
    public String locationOf(long checkpointId) {
        return jobDirectory == null ? null : new Path(jobDirectory, "chk-" + checkpointId).toString();
    }

    /** Creates the checkpoint's directory (and fails early, naming it, when it cannot be written). */
    public String initialize(long checkpointId) throws IOException {
        String location = locationOf(checkpointId);
        if (location == null) {
            return null;
        }
        Path dir = new Path(location);
        FileSystem fs = fs(dir);
        boolean created;
        try {
            created = fs.mkdirs(dir);
        } catch (IOException e) {
            // the file system's own message may name only a parent (a file in the way, a permission)
            throw new IOException("cannot create checkpoint directory " + fs.makeQualified(dir) + ": " + e.getMessage(), e);
        }
        if (!created) {
            throw new IOException("cannot create checkpoint directory " + fs.makeQualified(dir));
        }
        return fs.makeQualified(dir).toString();
    }

    /** Writes {@code _metadata} last, through a temporary name, so a present {@code _metadata} is always whole. */
    public void writeMetadata(CheckpointMetadata metadata) throws IOException {
        if (metadata.location() == null) {
            return;
        }
        Path dir = new Path(metadata.location());
        FileSystem fs = fs(dir);
        Path tmp = new Path(dir, "." + METADATA + ".inprogress");
        try (OutputStream out = fs.create(tmp, true)) {
            out.write(metadata.toBytes());
        }
        if (!fs.rename(tmp, new Path(dir, METADATA))) {
            fs.delete(tmp, false);
            throw new IOException("cannot rename " + tmp + " to " + METADATA);
        }
    }

    /** Deletes a checkpoint's directory (subsumed, aborted, or the job ended). */
    public static void discard(String location) throws IOException {
        if (location == null) {
            return;
        }
        Path dir = new Path(location);
        fs(dir).delete(dir, true);
    }

    /**
     * Deletes every checkpoint directory of the job ({@code chk-<n>}: retained, aborted, or one whose
     * set-up or completion was still under way when the job ended), then the job's directory when
     * nothing else is in it. For a job whose checkpoints are no longer needed (finished, cancelled).
     */
    public void deleteAllCheckpoints() throws IOException {
        if (jobDirectory == null) {
            return;
        }
        Path dir = new Path(jobDirectory);
        FileSystem fs = fs(dir);
        if (!fs.exists(dir)) {
            return;
        }
        for (FileStatus child : fs.listStatus(dir)) {
            if (child.isDirectory() && child.getPath().getName().startsWith("chk-")) {
                fs.delete(child.getPath(), true);
            }
        }
        deleteJobDirectoryIfEmpty();
    }

    /** Deletes the job's checkpoint directory when nothing is left in it. */
    public void deleteJobDirectoryIfEmpty() throws IOException {
        if (jobDirectory == null) {
            return;
        }
        Path dir = new Path(jobDirectory);
        FileSystem fs = fs(dir);
        if (fs.exists(dir)) {
            FileStatus[] left = fs.listStatus(dir);
            if (left.length == 0) {
                fs.delete(dir, false);
            }
        }
    }

    /**
     * Loads a retained checkpoint for {@code sluice run -s}: its directory or its {@code _metadata}.
     *
     * @throws IOException with a message that says what is wrong with the path
     */
    public static CheckpointMetadata load(String pathOrDirectory) throws IOException {
        Path path = new Path(pathOrDirectory);
        FileSystem fs = fs(path);
        if (!fs.exists(path)) {
            throw new IOException("no checkpoint at " + pathOrDirectory + ": the path does not exist");
        }
        if (fs.getFileStatus(path).isDirectory()) {
            path = new Path(path, METADATA);
            if (!fs.exists(path)) {
                throw new IOException(pathOrDirectory + " is not a completed checkpoint: it has no " + METADATA
                        + " file (an aborted or still running checkpoint?)");
            }
        }
        CheckpointMetadata metadata;
        try (InputStream in = fs.open(path)) {
            metadata = CheckpointMetadata.read(in);
        } catch (IOException e) {
            throw new IOException("cannot read checkpoint " + fs.makeQualified(path) + ": " + e.getMessage(), e);
        }
        verifyFiles(metadata);
        return metadata;
    }

    /** Checks that every state file of the checkpoint is there, whole; throws naming the first one that is not. */
    public static void verifyFiles(CheckpointMetadata metadata) throws IOException {
        for (StateHandle.File f : metadata.files()) {
            if (!f.isIntact()) {
                throw new IOException("checkpoint " + metadata.checkpointId() + " is incomplete: state file " + f.path()
                        + " is missing or does not have its recorded size " + f.size());
            }
        }
    }

    private static FileSystem fs(Path path) throws IOException {
        return path.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
    }
}
