package io.sluice.connector.file;

import io.sluice.api.WriteMode;
import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import java.io.Serializable;
import java.util.List;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code String.valueOf(record)} per line (UTF-8) through the Hadoop FileSystem API, so
 * {@code file://} and {@code hdfs://} both work.
 *
 * <p>With checkpointing on, exactly once: rolling part files {@code part-<subtaskIndex>-<n>} that are
 * committed when the checkpoint holding them completes (see {@link RollingPartFiles}); a restore
 * commits what its checkpoint had pending and removes what was written after it.
 *
 * <p>Without checkpoints, one file {@code <dir>/part-<subtaskIndex>}:
 * <p>Lines go to a hidden in-progress file {@code <dir>/.part-<i>.inprogress.<attempt>} that is
 * renamed to {@code part-<i>} only when the input ends. A failed or cancelled attempt therefore never
 * leaves a half-written part file, and Hadoop input formats skip the hidden file.
 *
 * <p>Existing output: see {@link WriteMode}. The check of {@link WriteMode#NO_OVERWRITE} runs in the
 * first attempt only, so a restarted job does not trip over part files its first attempt committed.
 */
public final class TextFileSink<T> implements Sink<T, TextFileSink.PartFiles> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TextFileSink.class);
    private static final int BUFFER_CHARS = 64 * 1024;

    private final String directory;
    private final WriteMode writeMode;

    /** What a checkpoint holds of one instance: its part files' snapshot (see {@link RollingPartFiles}). */
    public record PartFiles(byte[] snapshot) implements Serializable {
    }


    public TextFileSink(String directory) {
        this(directory, WriteMode.OVERWRITE);
    }

    public TextFileSink(String directory, WriteMode writeMode) {
        Objects.requireNonNull(directory, "output path must not be null");
        this.writeMode = Objects.requireNonNull(writeMode, "write mode must not be null");
        if (directory.isBlank()) {
            throw new IllegalArgumentException("output path must not be empty");
        }
        this.directory = directory;
    }

    public String directory() {
        return directory;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    @Override
    public SinkWriter<T, PartFiles> createWriter(ConnectorContext context, List<PartFiles> restored) throws Exception {
        LineWriter writer = new LineWriter(context);
        writer.start(restored);
        return writer;
    }

    private final class LineWriter implements SinkWriter<T, PartFiles> {

        private final ConnectorContext context;
        private FileSystem fs;
        private Path inProgressFile;
        private Path partFile;
        private Writer writer;
        private boolean committed;
        /** Set when the job checkpoints: the exactly-once part files. */
        private RollingPartFiles parts;
        private boolean finished;

        LineWriter(ConnectorContext context) {
            this.context = context;
        }

        void start(List<PartFiles> restored) throws IOException {
            io.sluice.config.Configuration job = io.sluice.config.Configuration.fromMap(context.jobConfiguration());
            if (!context.isCheckpointingEnabled()) {
                openPlain();
                return;
            }
            Path dir = new Path(directory);
            fs = dir.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new IOException("output path " + fs.makeQualified(dir) + " exists and is not a directory");
            }
            if (!fs.mkdirs(dir)) {
                throw new IOException("cannot create output directory " + fs.makeQualified(dir));
            }
            parts = new RollingPartFiles(fs, dir, context.subtaskIndex(), context.taskName(),
                    job.get(io.sluice.config.FileSinkOptions.ROLLING_FILE_SIZE).getBytes(),
                    job.get(io.sluice.config.FileSinkOptions.ROLLOVER_INTERVAL).toMillis());
            if (context.restoredCheckpointId().isPresent()) {
                // every old instance checkpointed exactly one element: another count means another parallelism,
                // and starting fresh would delete the committed parts of the old instance with this index
                if (restored.size() != 1) {
                    throw new IllegalStateException(context.taskName() + " got " + restored.size()
                            + " file sink states to restore from checkpoint " + context.restoredCheckpointId().getAsLong()
                            + "; " + RollingPartFiles.RESCALE_UNSUPPORTED);
                }
                parts.restore(restored.get(0).snapshot());
                return;
            }
            if (writeMode == WriteMode.NO_OVERWRITE && context.attemptNumber() == 0) {
                FileStatus[] existing = fs.globStatus(new Path(dir, "part-" + context.subtaskIndex() + "-*"));
                if (existing != null && existing.length > 0) {
                    throw new IOException("output file " + existing[0].getPath() + " already exists and the sink's write mode "
                            + "is NO_OVERWRITE: delete the output directory or write with WriteMode.OVERWRITE");
                }
            }
            parts.startFresh();
        }

        @Override
        public List<PartFiles> prepareCommit(long checkpointId) throws IOException {
            if (parts == null) {
                writer.flush();
                return List.of();
            }
            return List.of(new PartFiles(parts.snapshot(checkpointId)));
        }

        @Override
        public void commit(long checkpointId) throws IOException {
            if (parts != null) {
                parts.checkpointCompleted(checkpointId);
            }
        }

        private void openPlain() throws IOException {
            Path dir = new Path(directory);
            // a fresh Configuration picks up core-site.xml from the classpath (fs.defaultFS, HDFS client settings)
            fs = dir.getFileSystem(io.sluice.config.HadoopClientDefaults.create());
            if (fs.exists(dir) && !fs.getFileStatus(dir).isDirectory()) {
                throw new IOException("output path " + fs.makeQualified(dir) + " exists and is not a directory");
            }
            if (!fs.mkdirs(dir)) {
                throw new IOException("cannot create output directory " + fs.makeQualified(dir));
            }
            int index = context.subtaskIndex();
            partFile = new Path(dir, "part-" + index);
            inProgressFile = new Path(dir, ".part-" + index + ".inprogress." + context.attemptNumber());
            deleteStaleInProgressFiles(dir, index);
            handleEarlierOutput(dir, index);
            writer = new BufferedWriter(
                    new OutputStreamWriter(fs.create(inProgressFile, true), StandardCharsets.UTF_8), BUFFER_CHARS);
        }

        @Override
        public void write(T record) throws IOException {
            if (parts != null) {
                byte[] line = (record + "\n").getBytes(StandardCharsets.UTF_8);
                parts.write(line, line.length);
                return;
            }
            writer.write(String.valueOf(record));
            writer.write('\n');
        }

        /** Closes the in-progress file and makes it the part file, replacing one from an earlier run. */
        @Override
        public void finish() throws IOException {
            if (parts != null) {
                parts.finish();
                finished = true;
                return;
            }
            writer.close();
            writer = null;
            if (fs.exists(partFile) && !fs.delete(partFile, false)) {
                throw new IOException("cannot replace existing " + fs.makeQualified(partFile));
            }
            if (!fs.rename(inProgressFile, partFile)) {
                throw new IOException("cannot rename " + fs.makeQualified(inProgressFile) + " to " + partFile.getName());
            }
            committed = true;
            LOG.debug("{} committed {}", context.taskName(), partFile);
        }

        /** Without a commit, removes the in-progress file (best effort: the cause of the failure matters more). */
        @Override
        public void close() {
            if (parts != null) {
                if (!finished) {
                    parts.abandon();
                }
                return;
            }
            if (committed || fs == null) {
                return;
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    LOG.debug("closing {} after a failure failed", inProgressFile, e);
                }
                writer = null;
            }
            try {
                fs.delete(inProgressFile, false);
            } catch (IOException e) {
                LOG.warn("{}: could not delete in-progress file {}", context.taskName(), inProgressFile, e);
            }
        }

        /**
         * NO_OVERWRITE: fails on this instance's part file (the first instance also on those of higher
         * indexes). OVERWRITE: the first instance removes part files this run will not write.
         */
        private void handleEarlierOutput(Path dir, int index) throws IOException {
            if (context.attemptNumber() > 0) {
                return;
            }
            if (writeMode == WriteMode.NO_OVERWRITE && fs.exists(partFile)) {
                throw new IOException("output file " + fs.makeQualified(partFile) + " already exists and the sink's write "
                        + "mode is NO_OVERWRITE: delete the output directory or write with WriteMode.OVERWRITE");
            }
            if (index != 0) {
                return;
            }
            FileStatus[] parts = fs.globStatus(new Path(dir, "part-*"));
            if (parts == null) {
                return;
            }
            for (FileStatus part : parts) {
                String suffix = part.getPath().getName().substring("part-".length());
                if (!suffix.matches("\\d{1,9}") || Integer.parseInt(suffix) < context.parallelism()) {
                    continue;
                }
                if (writeMode == WriteMode.NO_OVERWRITE) {
                    throw new IOException("output file " + part.getPath() + " already exists and the sink's write mode is "
                            + "NO_OVERWRITE: delete the output directory or write with WriteMode.OVERWRITE");
                }
                LOG.info("{}: deleting {} of an earlier run with a higher parallelism", context.taskName(), part.getPath());
                fs.delete(part.getPath(), false);
            }
        }

        /** Leftovers of earlier attempts of this subtask that died before they could clean up. */
        private void deleteStaleInProgressFiles(Path dir, int index) {
            try {
                FileStatus[] stale = fs.globStatus(new Path(dir, ".part-" + index + ".inprogress.*"));
                if (stale == null) {
                    return;
                }
                for (FileStatus file : stale) {
                    if (!file.getPath().getName().equals(inProgressFile.getName())) {
                        LOG.info("{}: deleting in-progress file {} of an earlier attempt", context.taskName(), file.getPath());
                        fs.delete(file.getPath(), false);
                    }
                }
            } catch (IOException e) {
                LOG.warn("{}: could not remove stale in-progress files in {}", context.taskName(), dir, e);
            }
        }
    }
}
