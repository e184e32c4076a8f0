package ${package};

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes lines into part files of a directory, exactly once, with the two-phase commit of Sluice's
 * sink interface:
 * <ol>
 *   <li>lines go to a hidden {@code .part-<subtask>-<attempt>-<n>.inprogress} file;</li>
 *   <li>at a checkpoint the file is synced and renamed {@code .part-...pending-<checkpoint id>}, and
 *       the checkpoint stores its name ({@link PendingFile});</li>
 *   <li>when that checkpoint completes it is renamed {@code part-<subtask>-<attempt>-<n>}, visible;</li>
 *   <li>after a failure, the writer of the restored checkpoint publishes the files that checkpoint
 *       had pending and deletes what was written after it, which the replayed input writes again.</li>
 * </ol>
 * Readers see only {@code part-*} files, each line exactly once. The directory must be one that every
 * TaskManager sees (local for {@code -t local}; a shared mount on a cluster). For HDFS, the built-in
 * {@code DataStream.writeAsText} does the same through Hadoop's FileSystem.
 */
public final class ExactlyOnceFileSink implements Sink<String, ExactlyOnceFileSink.PendingFile> {

    private static final long serialVersionUID = 1L;

    /** A part file closed at checkpoint {@code checkpointId}, to be renamed to {@code finalName}. */
    public record PendingFile(long checkpointId, String pendingName, String finalName) implements Serializable {
    }

    private static final String PENDING = ".pending-";

    private final String directory;

    public ExactlyOnceFileSink(String directory) {
        this.directory = directory;
    }

    @Override
    public SinkWriter<String, PendingFile> createWriter(ConnectorContext context, List<PendingFile> restored)
            throws IOException {
        Path dir = Files.createDirectories(Path.of(directory));
        for (PendingFile file : restored) {
            publish(dir, file);
        }
        // Everything of this instance written after the restored checkpoint goes: the source replays
        // its records, so keeping it would duplicate them. Without a restore that is all of it.
        long restoredId = context.restoredCheckpointId().orElse(-1);
        String own = ".part-" + context.subtaskIndex() + "-";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.startsWith(own) && (name.endsWith(".inprogress") || preparedAfter(name, restoredId))) {
                    Files.delete(file);
                }
            }
        }
        return new Writer(dir, context.subtaskIndex(), context.attemptNumber());
    }

    private static boolean preparedAfter(String name, long checkpointId) {
        int at = name.lastIndexOf(PENDING);
        return at >= 0 && Long.parseLong(name.substring(at + PENDING.length())) > checkpointId;
    }

    /** Renames a pending file to its final name; a second call finds it done (commits repeat after a restore). */
    private static void publish(Path dir, PendingFile file) throws IOException {
        Path pending = dir.resolve(file.pendingName());
        Path published = dir.resolve(file.finalName());
        if (Files.exists(pending)) {
            Files.move(pending, published, StandardCopyOption.ATOMIC_MOVE);
        } else if (!Files.exists(published)) {
            throw new IOException("the part file " + pending + " of checkpoint " + file.checkpointId()
                    + " is gone, and so are its lines: was the output directory changed while the job ran?");
        }
    }

    private static final class Writer implements SinkWriter<String, PendingFile> {

        private final Path dir;
        private final String prefix;
        /** Prepared at checkpoints whose completion has not been heard yet. */
        private final List<PendingFile> prepared = new ArrayList<>();
        private long nextPart;
        private String partName;
        private Path inProgress;
        private BufferedWriter out;

        Writer(Path dir, int subtask, int attempt) {
            this.dir = dir;
            this.prefix = "part-" + subtask + "-" + attempt + "-";
        }

        @Override
        public void write(String line) throws IOException {
            if (out == null) {
                partName = prefix + nextPart++;
                inProgress = dir.resolve("." + partName + ".inprogress");
                out = Files.newBufferedWriter(inProgress, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            }
            out.write(line);
            out.newLine();
        }

        @Override
        public List<PendingFile> prepareCommit(long checkpointId) throws IOException {
            if (out != null) {
                closeAndSync();
                String pendingName = "." + partName + PENDING + checkpointId;
                Files.move(inProgress, dir.resolve(pendingName), StandardCopyOption.ATOMIC_MOVE);
                prepared.add(new PendingFile(checkpointId, pendingName, partName));
            }
            return List.copyOf(prepared);
        }

        @Override
        public void commit(long checkpointId) throws IOException {
            for (Iterator<PendingFile> it = prepared.iterator(); it.hasNext(); ) {
                PendingFile file = it.next();
                if (file.checkpointId() <= checkpointId) {
                    publish(dir, file);
                    it.remove();
                }
            }
        }

        @Override
        public void finish() throws IOException {
            commit(Long.MAX_VALUE);
            if (out != null) {
                closeAndSync();
                Files.move(inProgress, dir.resolve(partName), StandardCopyOption.ATOMIC_MOVE);
            }
        }

        private void closeAndSync() throws IOException {
            out.close();
            out = null;
            try (FileChannel channel = FileChannel.open(inProgress, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
                out = null;
                Files.deleteIfExists(inProgress);
            }
        }
    }
}
