package io.sluice.streaming.source;

import io.sluice.streaming.AbstractStreamOperator;
import io.sluice.streaming.Output;
import io.sluice.streaming.SourceOperator;
import io.sluice.streaming.StreamRecord;
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
 * <p>Its {@link Position} is (split, offset of the next line), so a restored instance continues
 * with the next unread line.
 */
public final class TextFileSource extends AbstractStreamOperator<String>
        implements SourceOperator<String>, ReplayableSource<TextFileSource.Position> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TextFileSource.class);

    /** Lines per {@link #emitNext()} call: bounds the time between two cancellation checks. */
    static final int BATCH_SIZE = 1024;

    /**
     * @param split  index (into {@link #splits()}) of the split being read, or the next one to read;
     *               past this instance's last split when it is done
     * @param offset byte offset in the split's file of the next line to read, or {@link #SPLIT_START}
     *               if the split has not been started (its partial first line still to be skipped)
     */
    public record Position(int split, long offset) implements Serializable {
        public static final long SPLIT_START = -1;
    }

    private final String description;
    private final List<FileSplit> splits;

    private transient List<Integer> assigned;
    /** Index into {@link #assigned} of the split being read. */
    private transient int current;
    private transient LineReader reader;
    private transient long currentEnd;
    private transient Position restored;
    private transient FileSystem fs;
    private transient Configuration conf;

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
    public void open() throws IOException {
        assigned = TextFileSplitter.assignedSplits(splits, context.subtaskIndex(), context.parallelism());
        current = 0;
        long offset = Position.SPLIT_START;
        if (restored != null) {
            int at = assigned.indexOf(restored.split());
            if (at < 0 && restored.split() < splits.size()) {
                throw new IllegalStateException("restored position " + restored + " names a split that subtask "
                        + context.subtaskIndex() + " of " + context.parallelism() + " does not read; was it taken with "
                        + "another parallelism?");
            }
            current = at < 0 ? assigned.size() : at;
            offset = restored.offset();
        }
        LOG.info("{} reads {} of {} split(s) of {}", context.taskName(), assigned.size(), splits.size(), description);
        if (current < assigned.size()) {
            openSplit(offset);
        }
    }

    private void openSplit(long offset) throws IOException {
        FileSplit split = splits.get(assigned.get(current));
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
        long startAt = offset == Position.SPLIT_START ? Math.max(0, split.start() - 1) : offset;
        if (startAt > 0) {
            in.seek(startAt);
        }
        reader = new LineReader(in, startAt);
        if (offset == Position.SPLIT_START && split.start() > 0) {
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
        long start = offset == Position.SPLIT_START ? 0 : offset;
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

    @Override
    public Status emitNext() throws Exception {
        if (current >= assigned.size()) {
            return Status.END_OF_INPUT;
        }
        Output<String> out = output;
        StreamRecord<String> reuse = new StreamRecord<>(null);
        LineReader in = reader;
        long end = currentEnd;
        for (int n = 0; n < BATCH_SIZE; n++) {
            String line = in.position() < end ? in.readLine() : null;
            if (line == null) {
                closeReader();
                current++;
                if (current >= assigned.size()) {
                    return Status.END_OF_INPUT;
                }
                openSplit(Position.SPLIT_START);
                return Status.MORE_AVAILABLE;
            }
            out.collect(reuse.replace(line));
        }
        return Status.MORE_AVAILABLE;
    }

    @Override
    public Position currentPosition() {
        if (assigned == null || current >= assigned.size()) {
            return new Position(splits.size(), 0);
        }
        return new Position(assigned.get(current), reader.position());
    }

    @Override
    public void restorePosition(Position position) {
        this.restored = Objects.requireNonNull(position, "position");
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
