package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.connector.sink.SinkWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's two-phase commit, without a cluster: failures between the phases neither lose nor repeat a line. */
class ExactlyOnceFileSinkTest {

    @TempDir
    Path dir;

    private List<String> visibleLines() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    @Test
    void linesBecomeVisibleWhenTheirCheckpointCompletesAndOnceOnlyAfterFailures() throws Exception {
        ExactlyOnceFileSink sink = new ExactlyOnceFileSink(dir.toString());
        SinkWriter<String, ExactlyOnceFileSink.PendingFile> writer = sink.createWriter(TestContext.fresh(), List.of());
        writer.write("a");
        writer.write("b");
        writer.prepareCommit(1);
        writer.write("c");
        List<ExactlyOnceFileSink.PendingFile> checkpoint2 = writer.prepareCommit(2);
        writer.commit(1);
        assertEquals(List.of("a", "b"), visibleLines(), "checkpoint 1 completed; 2 has not yet");
        writer.write("d"); // after checkpoint 2: replayed after the failure below
        writer.close(); // the task fails before checkpoint 2's completion reaches it

        SinkWriter<String, ExactlyOnceFileSink.PendingFile> second =
                sink.createWriter(TestContext.restoredFrom(2, 1), checkpoint2);
        assertEquals(List.of("a", "b", "c"), visibleLines(), "the restore commits what checkpoint 2 prepared");
        second.write("d");
        second.prepareCommit(3);
        second.close(); // fails again before checkpoint 3 completes

        SinkWriter<String, ExactlyOnceFileSink.PendingFile> third =
                sink.createWriter(TestContext.restoredFrom(2, 2), checkpoint2);
        third.write("d");
        third.write("e");
        third.finish();
        third.close();
        assertEquals(List.of("a", "b", "c", "d", "e"), visibleLines().stream().sorted().toList());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "no hidden in-progress or pending file is left");
        }
    }
}
