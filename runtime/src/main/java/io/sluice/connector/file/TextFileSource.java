package io.sluice.connector.file;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the lines of text files (UTF-8, {@code \n} or {@code \r\n}) through the Hadoop FileSystem
 * API. The splits are fixed when the job is built ({@link TextFileSplitter}); parallel instance i
 * reads the splits {@link TextFileSplitter#assignedSplits} gives it, one after the other, so every
 * line is emitted exactly once overall: a line belongs to the split it starts in.
 *
 * <p>A checkpoint holds each unfinished split with the offset of its next line ({@link Progress}),
 * so a restored instance continues with the next unread line.
 */
public final class TextFileSource implements Source<String, TextFileSource.Progress> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TextFileSource.class);

    /** Lines per poll: bounds the time between two checkpoint or cancellation checks. */
    static final int BATCH_SIZE = 1024;

    /**
     * A split and how far it was read.
     *
     * @param offset byte offset in the split's file of the next line to read, or {@link #SPLIT_START}
     *               if the split has not been started (its partial first line still to be skipped)
     */
    public record Progress(FileSplit split, long offset) implements Serializable {
        public static final long SPLIT_START = -1;
    }

    private final String description;
    private final List<FileSplit> splits;

    /**
     * @param description what the user named (path or glob), for messages
     * @param splits      the splits of all parallel instances, from {@link TextFileSplitter#split}
     */
    public TextFileSource(String description, List<FileSplit> splits) {
        this.description = Objects.requireNonNull(description, "description");
        this.splits = List.copyOf(splits);
    }

    public List<FileSplit> splits() {
        return splits;
    }

    public String description() {
        return description;
    }

    @Override
    public List<Progress> createSplits(int parallelism) {
        return splits.stream().map(s -> new Progress(s, Progress.SPLIT_START)).toList();
    }

    /** Balances bytes: each split goes to the instance with the least so far. */
    @Override
    public List<Progress> assignSplits(List<Progress> all, int subtask, int parallelism) {
        List<Progress> mine = new ArrayList<>();
        for (int index : TextFileSplitter.assignedSplits(all.stream().map(Progress::split).toList(), subtask, parallelism)) {
            mine.add(all.get(index));
        }
        return mine;
    }

    @Override
    public SourceReader<String, Progress> createReader(ConnectorContext context) {
        return new Reader(context.taskName());
    }

    private final class Reader implements SourceReader<String, Progress> {

        private final String taskName;
        private final ArrayDeque<Progress> pending = new ArrayDeque<>();
        private FileSplit current;
        private LineReader reader;
        private long currentEnd;
        private FileSystem fs;
        private Configuration conf;

        Reader(String taskName) {
            this.taskName = taskName;
        }

        @Override
        public void addSplits(List<Progress> assigned) {
            LOG.info("{} reads {} of {} split(s) of {}", taskName, assigned.size(), splits.size(), description);
            pending.addAll(assigned);
        }

        @Override
        public InputStatus pollNext(SourceOutput<String> out) throws Exception {
            if (current == null) {
                Progress next = pending.poll();
                if (next == null) {
                    return InputStatus.END_OF_INPUT;
                }
                current = next.split();
                openSplit(current, next.offset());
            }
            LineReader in = reader;
            long end = currentEnd;
            for (int n = 0; n < BATCH_SIZE; n++) {
                String line = in.position() < end ? in.readLine() : null;
                if (line == null) {
                    closeReader();
                    current = null;
                    return pending.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
                }
                out.collect(line);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<Progress> snapshotState(long checkpointId) {
            List<Progress> state = new ArrayList<>(pending.size() + 1);
            if (current != null) {
                state.add(new Progress(current, reader.position()));
            }
            state.addAll(pending);
            return state;
        }

        private void openSplit(FileSplit split, long offset) throws IOException {
            Path path = new Path(split.path());
            if (fs == null) {
                // a fresh Configuration picks up core-site.xml from the classpath (HDFS client settings)
                conf = io.sluice.config.HadoopClientDefaults.create();
                fs = path.getFileSystem(conf);
            }
            FSDataInputStream in;
            try {
                in = fs.open(path);
            } catch (java.io.FileNotFoundException e) {
                throw new IOException("input file " + split.path() + " was removed after the job was built: "
                        + "files are listed once, when the program builds the job", e);
            }
            currentEnd = split.end();
            if (split.compressed()) {
                openCompressed(split, path, in, offset);
                return;
            }
            long startAt = offset == Progress.SPLIT_START ? Math.max(0, split.start() - 1) : offset;
            if (startAt > 0) {
                in.seek(startAt);
            }
            reader = new LineReader(in, startAt);
            if (offset == Progress.SPLIT_START && split.start() > 0) {
                // the line running into this split belongs to the split before; the byte before the
                // start tells where it ends ('\n' there means our first line starts at our start)
                reader.skipLine();
            }
        }

        /** Offsets of a compressed file count decompressed bytes: a restore skips that many. */
        private void openCompressed(FileSplit split, Path path, FSDataInputStream raw, long offset) throws IOException {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(path);
            if (codec == null) {
                raw.close();
                throw new IOException("no compression codec for " + split.path() + " on this TaskManager's classpath");
            }
            InputStream in = codec.createInputStream(raw);
            long start = offset == Progress.SPLIT_START ? 0 : offset;
            long skipped = 0;
            while (skipped < start) {
                long n = in.skip(start - skipped);
                if (n <= 0) {
                    if (in.read() < 0) {
                        break;
                    }
                    n = 1;
                }
                skipped += n;
            }
            reader = new LineReader(in, skipped);
        }

        private void closeReader() throws IOException {
            if (reader != null) {
                LineReader r = reader;
                reader = null;
                r.close();
            }
        }


        @Override
        public void close() throws IOException {
            closeReader();
        }
    }
}
