package io.sluice.streaming.sink;

import io.sluice.connector.file.RollingPartFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.HadoopClientDefaults;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once part files of one sink instance, on the local file system through Hadoop's
 * FileSystem API. Listings go through the same API, so they show what Hive, Spark or a Hadoop
 * input format would see (Hadoop's own .crc checksum files are not part of the output).
 */
class RollingPartFilesTest {

    private static final long NEVER = Long.MAX_VALUE;

    @TempDir
    java.nio.file.Path tmp;

    private FileSystem fs;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = new Path(tmp.toUri());
        fs = dir.getFileSystem(HadoopClientDefaults.create());
    }

    private RollingPartFiles parts(int subtask, long maxBytes) {
        return new RollingPartFiles(fs, dir, subtask, "Sink (" + (subtask + 1) + "/2)", maxBytes, NEVER);
    }

    private static void write(RollingPartFiles parts, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        parts.write(bytes, bytes.length);
    }

    /** File names in the output directory, sorted. */
    private List<String> files() throws IOException {
        return Arrays.stream(fs.listStatus(dir)).map(FileStatus::getPath).map(Path::getName).sorted().toList();
    }

    private String read(String name) throws IOException {
        return Files.readString(tmp.resolve(name));
    }

    private void touch(String name, String content) throws IOException {
        Files.writeString(tmp.resolve(name), content);
    }

    @Test
    void inProgressPartIsHiddenAndASnapshotClosesIt() throws IOException {
        RollingPartFiles parts = parts(0, 1 << 20);
        parts.startFresh();
        write(parts, "a");
        write(parts, "b");
        assertEquals(List.of(".part-0-0.inprogress"), files());

        parts.snapshot(1);
        assertEquals("a\nb\n", read(".part-0-0.inprogress"), "closed (flushed) at the checkpoint, still hidden");
        write(parts, "c");
        assertEquals(List.of(".part-0-0.inprogress", ".part-0-1.inprogress"), files(), "later records go to a new part");

        parts.checkpointCompleted(1);
        assertEquals(List.of(".part-0-1.inprogress", "part-0-0"), files());
        assertEquals("a\nb\n", read("part-0-0"));
    }

    @Test
    void completionCommitsThePartsOfEarlierCheckpointsWhoseNoticeWasLost() throws IOException {
        RollingPartFiles parts = parts(0, 4); // every 2 lines ("x\n" is 2 bytes) roll to a new part
        parts.startFresh();
        write(parts, "1");
        write(parts, "2");
        write(parts, "3");
        parts.snapshot(1); // parts 0 (closed by size) and 1 (closed by the checkpoint)
        write(parts, "4");
        parts.snapshot(2); // part 2
        write(parts, "5"); // part 3, open

        parts.checkpointCompleted(2); // the notice of 1 never came
        assertEquals(List.of(".part-0-3.inprogress", "part-0-0", "part-0-1", "part-0-2"), files());
        assertEquals("1\n2\n", read("part-0-0"));
        assertEquals("3\n", read("part-0-1"));
        assertEquals("4\n", read("part-0-2"));

        parts.checkpointCompleted(1); // arrives late: nothing left to do, nothing fails
        assertEquals(List.of(".part-0-3.inprogress", "part-0-0", "part-0-1", "part-0-2"), files());
    }

    @Test
    void restoreCommitsTheCheckpointsPendingPartsAndDeletesEverythingWrittenAfterIt() throws IOException {
        RollingPartFiles before = parts(0, 1 << 20);
        before.startFresh();
        write(before, "a");
        byte[] atCheckpoint1 = before.snapshot(1); // part 0 pending; the notice of 1 is lost
        write(before, "b");
        before.snapshot(2); // part 1
        before.checkpointCompleted(2); // commits 0 and 1
        write(before, "c"); // part 2, open when the task dies (no abandon)
        // another subtask's output stays whatever this one does
        RollingPartFiles other = parts(1, 1 << 20);
        other.startFresh();
        write(other, "other");
        other.snapshot(1);
        other.checkpointCompleted(1);
        assertEquals(List.of(".part-0-2.inprogress", "part-0-0", "part-0-1", "part-1-0"), files());

        // checkpoint 2 turned out unusable: the job restarts from checkpoint 1
        RollingPartFiles after = parts(0, 1 << 20);
        after.restore(atCheckpoint1);
        assertEquals(List.of("part-0-0", "part-1-0"), files(),
                "part 1 was committed after checkpoint 1 and part 2 written after it: the replay writes them again");
        assertEquals("a\n", read("part-0-0"));
        assertEquals("other\n", read("part-1-0"));

        write(after, "b"); // the replay
        after.snapshot(3);
        after.checkpointCompleted(3);
        assertEquals(List.of("part-0-0", "part-0-1", "part-1-0"), files());
        assertEquals("b\n", read("part-0-1"), "part numbers continue from the checkpoint's");
    }

    @Test
    void restoreCommitsAPendingPartWhoseNoticeNeverCame() throws IOException {
        RollingPartFiles before = parts(0, 1 << 20);
        before.startFresh();
        write(before, "a");
        byte[] state = before.snapshot(1);
        assertEquals(List.of(".part-0-0.inprogress"), files());

        parts(0, 1 << 20).restore(state);
        assertEquals(List.of("part-0-0"), files());
        assertEquals("a\n", read("part-0-0"));
    }

    @Test
    void missingPendingPartOnRestoreFailsWithAClearMessage() throws IOException {
        RollingPartFiles before = parts(0, 1 << 20);
        before.startFresh();
        write(before, "a");
        byte[] state = before.snapshot(1);
        fs.delete(new Path(dir, ".part-0-0.inprogress"), false); // removed by hand

        IOException e = assertThrows(IOException.class, () -> parts(0, 1 << 20).restore(state));
        assertEquals("part file " + fs.makeQualified(new Path(dir, ".part-0-0.inprogress"))
                + " of the restored checkpoint is missing, so its records would be lost: was the output directory "
                + "changed by hand?", e.getMessage());
    }

    @Test
    void stateOfAnotherInstanceIsRefusedBeforeAnyFileIsTouched() throws IOException {
        RollingPartFiles zero = parts(0, 1 << 20);
        zero.startFresh();
        write(zero, "a");
        byte[] stateOfZero = zero.snapshot(1);
        zero.checkpointCompleted(1);
        RollingPartFiles one = parts(1, 1 << 20);
        one.startFresh();
        write(one, "b");
        one.snapshot(1);
        one.checkpointCompleted(1);

        // after a change of parallelism, instance 1 could be handed instance 0's state
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parts(1, 1 << 20).restore(stateOfZero));
        assertEquals("Sink (2/2) got the file sink state of instance 1 to restore; " + RollingPartFiles.RESCALE_UNSUPPORTED,
                e.getMessage());
        assertEquals(List.of("part-0-0", "part-1-0"), files());
    }

    @Test
    void startFreshDeletesOnlyThisInstancesParts() throws IOException {
        touch("part-1-0", "old");
        touch(".part-1-7.inprogress", "old");
        touch("part-0-0", "subtask 0");
        touch(".part-0-3.inprogress", "subtask 0");
        touch("part-10-0", "subtask 10");
        touch("part-1", "the output of a run without checkpoints");
        touch("_SUCCESS", "");

        parts(1, 1 << 20).startFresh();
        assertEquals(List.of(".part-0-3.inprogress", "_SUCCESS", "part-0-0", "part-1", "part-10-0"), files());
    }

    @Test
    void finishCommitsEverythingAndLeavesNoHiddenPart() throws IOException {
        RollingPartFiles parts = parts(0, 4);
        parts.startFresh();
        write(parts, "1");
        parts.snapshot(1); // part 0 pending
        write(parts, "2");
        write(parts, "3"); // part 1 closed by size, not yet in a checkpoint
        write(parts, "4"); // part 2 open
        parts.finish();
        assertEquals(List.of("part-0-0", "part-0-1", "part-0-2"), files());
        assertEquals("1\n2\n3\n4\n", read("part-0-0") + read("part-0-1") + read("part-0-2"));
        assertTrue(files().stream().noneMatch(n -> n.startsWith(".")));
    }

    @Test
    void abandonDeletesOnlyTheOpenPart() throws IOException {
        RollingPartFiles parts = parts(0, 4);
        parts.startFresh();
        write(parts, "1");
        parts.snapshot(1); // part 0 pending: the restore commits it
        write(parts, "2");
        write(parts, "3"); // part 1 closed: the restore deletes it
        write(parts, "4"); // part 2 open
        parts.abandon();
        assertEquals(List.of(".part-0-0.inprogress", ".part-0-1.inprogress"), files());
        parts.abandon(); // twice (failure during close): nothing more
        assertEquals(List.of(".part-0-0.inprogress", ".part-0-1.inprogress"), files());
    }
}
