package io.sluice.connector.file;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part files of one sink instance under checkpoints, so that the committed output equals a
 * failure-free run. A part file goes in-progress ({@code .part-<i>-<n>.inprogress}, hidden from Hive,
 * Spark and Hadoop input formats) -> pending (closed at a checkpoint, or rolled) -> committed
 * ({@code part-<i>-<n>}, renamed when the checkpoint that holds it completes).
 *
 * <p>The checkpointed state is the instance's index, the next part number and the pending parts. A
 * restore (by the same instance index: the sink cannot be rescaled yet) commits the
 * pending parts of the restored checkpoint and deletes every part of this instance numbered from
 * the restored next number on (written after the checkpoint; the replay writes them again). A
 * fresh start deletes all of this instance's parts. Part numbers are per instance and never reused,
 * so a rename cannot overwrite a committed file of another checkpoint.
 */
public final class RollingPartFiles {

    private static final Logger LOG = LoggerFactory.getLogger(RollingPartFiles.class);

    /** Why a restore with another parallelism is refused, and what to do. */
    public static final String RESCALE_UNSUPPORTED = "the exactly-once file sink cannot change its parallelism on "
            + "restore (its part files are named by instance); restore the job with the sink's previous parallelism";

    private final FileSystem fs;
    private final Path dir;
    private final int subtask;
    private final String taskName;
    private final long maxBytes;
    private final long maxOpenMillis;
    private final Pattern ownFile;

    private long nextPart;
    private long currentPart = -1;
    private OutputStream current;
    private long currentBytes;
    private long currentOpenedAt;
    /** Parts closed since the last checkpoint; they become pending with the next one. */
    private List<Long> closed = new ArrayList<>();
    /** Pending parts by the checkpoint that holds them. */
    private final TreeMap<Long, List<Long>> pending = new TreeMap<>();

    public RollingPartFiles(FileSystem fs, Path dir, int subtask, String taskName, long maxBytes, long maxOpenMillis) {
        this.fs = fs;
        this.dir = dir;
        this.subtask = subtask;
        this.taskName = taskName;
        this.maxBytes = maxBytes;
        this.maxOpenMillis = maxOpenMillis;
        this.ownFile = Pattern.compile("\\.?part-" + subtask + "-(\\d+)(\\.inprogress)?");
    }

    /** Fresh start: nothing of this instance's earlier output survives (the job starts over). */
    public void startFresh() throws IOException {
        deleteOwnFrom(0);
        nextPart = 0;
    }

    /**
     * Restore: commit what the checkpoint had pending, remove what was written after it.
     *
     * @throws IllegalStateException when the state is another instance's (the sink's parallelism
     *     changed): part names carry the instance index, so this instance would commit and delete
     *     the wrong files
     */
    public void restore(byte[] state) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(state));
        int checkpointedBy = in.readInt();
        if (checkpointedBy != subtask) {
            throw new IllegalStateException(taskName + " got the file sink state of instance " + (checkpointedBy + 1)
                    + " to restore; " + RESCALE_UNSUPPORTED);
        }
        long restoredNext = in.readLong();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            commit(in.readLong(), true);
        }
        deleteOwnFrom(restoredNext);
        nextPart = restoredNext;
    }

    public void write(byte[] data, int length) throws IOException {
        if (current == null) {
            currentPart = nextPart++;
            current = new java.io.BufferedOutputStream(fs.create(inProgress(currentPart), true), 64 * 1024);
            currentBytes = 0;
            currentOpenedAt = System.currentTimeMillis();
        }
        current.write(data, 0, length);
        currentBytes += length;
        if (currentBytes >= maxBytes || System.currentTimeMillis() - currentOpenedAt >= maxOpenMillis) {
            closeCurrent();
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
            closed.add(currentPart);
            currentPart = -1;
        }
    }

    /** Synchronous part of checkpoint {@code checkpointId}: closes the open part; returns the state to keep. */
    public byte[] snapshot(long checkpointId) throws IOException {
        closeCurrent();
        if (!closed.isEmpty()) {
            pending.computeIfAbsent(checkpointId, id -> new ArrayList<>()).addAll(closed);
            closed = new ArrayList<>();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(subtask);
        out.writeLong(nextPart);
        List<Long> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        out.writeInt(all.size());
        for (long part : all) {
            out.writeLong(part);
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Checkpoint {@code checkpointId} completed: commit its parts and those of earlier ones whose notice got lost. */
    public void checkpointCompleted(long checkpointId) throws IOException {
        Map<Long, List<Long>> done = pending.headMap(checkpointId, true);
        for (List<Long> parts : done.values()) {
            for (long part : parts) {
                commit(part, false);
            }
        }
        done.clear();
    }

    /** The input ended: everything is committed, nothing hidden stays behind. */
    public void finish() throws IOException {
        closeCurrent();
        for (List<Long> parts : pending.values()) {
            for (long part : parts) {
                commit(part, false);
            }
        }
        pending.clear();
        for (long part : closed) {
            commit(part, false);
        }
        closed.clear();
    }

    /** After a failure or cancellation: the open part is beyond every checkpoint, so it goes; pending ones stay for the restore. */
    public void abandon() {
        if (current == null) {
            return;
        }
        try {
            current.close();
        } catch (IOException e) {
            LOG.debug("closing {} after a failure failed", inProgress(currentPart), e);
        }
        current = null;
        try {
            fs.delete(inProgress(currentPart), false);
        } catch (IOException e) {
            LOG.warn("{}: could not delete in-progress file {}", taskName, inProgress(currentPart), e);
        }
    }

    private void commit(long part, boolean restoring) throws IOException {
        Path hidden = inProgress(part);
        Path visible = committed(part);
        if (fs.exists(hidden)) {
            if (!fs.rename(hidden, visible)) {
                throw new IOException("cannot commit " + fs.makeQualified(hidden) + " as " + visible.getName());
            }
        } else if (!fs.exists(visible)) {
            throw new IOException("part file " + fs.makeQualified(hidden) + (restoring ? " of the restored checkpoint" : "")
                    + " is missing, so its records would be lost: was the output directory changed by hand?");
        }
    }

    private void deleteOwnFrom(long firstPart) throws IOException {
        FileStatus[] files = fs.listStatus(dir);
        for (FileStatus file : files) {
            Matcher m = ownFile.matcher(file.getPath().getName());
            if (m.matches() && Long.parseLong(m.group(1)) >= firstPart) {
                LOG.info("{}: deleting {}, written after the checkpoint the job restarts from", taskName, file.getPath());
                fs.delete(file.getPath(), false);
            }
        }
    }

    private Path inProgress(long part) {
        return new Path(dir, ".part-" + subtask + "-" + part + ".inprogress");
    }

    private Path committed(long part) {
        return new Path(dir, "part-" + subtask + "-" + part);
    }
}
