package io.sluice.connector.file;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Turns what the user named (a file, a directory, or a glob) into the byte-range splits of a
 * text source, through the Hadoop FileSystem API.
 *
 * <p>Directories are read recursively. Files and directories whose names start with {@code .} or
 * {@code _} are skipped inside directories and among glob matches ({@code _SUCCESS}, {@code .crc},
 * in-progress part files), as Hadoop input formats do; a file named explicitly is always read.
 * Each file is cut into equal pieces of at most {@code maxSplitBytes}; an empty file gives no split.
 * Compressed files (by suffix, as Hadoop's codecs know them: {@code .gz}, {@code .bz2}, ...) are one
 * split each. The order (by path, then offset) is deterministic, so every instance sees the same list.
 */
public final class TextFileSplitter {

    /** Default upper bound of a split: small enough to spread a few files over several instances. */
    public static final long DEFAULT_MAX_SPLIT_BYTES = 16L << 20;

    private TextFileSplitter() {
    }

    /**
     * @throws IllegalArgumentException if the path does not exist, the glob matches nothing, or no
     *         readable file is found under it; {@link UncheckedIOException} if the file system fails
     */
    public static List<FileSplit> split(String pathOrGlob, long maxSplitBytes, Configuration conf) {
        if (pathOrGlob == null || pathOrGlob.isBlank()) {
            throw new IllegalArgumentException("input path must not be empty");
        }
        if (maxSplitBytes < 1) {
            throw new IllegalArgumentException("maximum split size must be positive, was " + maxSplitBytes);
        }
        try {
            List<FileStatus> files = listFiles(pathOrGlob, conf);
            CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
            List<FileSplit> splits = new ArrayList<>();
            for (FileStatus file : files) {
                if (codecs.getCodec(file.getPath()) != null) {
                    // a compressed stream cannot be entered in the middle: one split per file
                    if (file.getLen() > 0) {
                        splits.add(new FileSplit(file.getPath().toString(), 0, file.getLen(), true));
                    }
                } else {
                    addSplits(file, maxSplitBytes, splits);
                }
            }
            return splits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list input " + pathOrGlob + ": " + e.getMessage(), e);
        }
    }

    /** The files to read, sorted by path. */
    static List<FileStatus> listFiles(String pathOrGlob, Configuration conf) throws IOException {
        Path path = new Path(pathOrGlob);
        FileSystem fs = path.getFileSystem(conf);
        Path qualified = fs.makeQualified(path);
        boolean glob = isGlob(pathOrGlob);
        FileStatus[] matches;
        if (glob) {
            matches = fs.globStatus(qualified, p -> !isHidden(p));
            if (matches == null || matches.length == 0) {
                throw new IllegalArgumentException("input " + qualified + " matches no file: check the pattern "
                        + "(names starting with '.' or '_' are skipped)");
            }
        } else {
            try {
                matches = new FileStatus[] {fs.getFileStatus(qualified)};
            } catch (FileNotFoundException e) {
                throw new IllegalArgumentException("input path " + qualified + " does not exist");
            }
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus match : matches) {
            collect(fs, match, files);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("input " + qualified + " contains no file to read "
                    + "(directories are read recursively; names starting with '.' or '_' are skipped)");
        }
        files.sort(Comparator.comparing(f -> f.getPath().toString()));
        return files;
    }

    private static void collect(FileSystem fs, FileStatus status, List<FileStatus> files) throws IOException {
        if (!status.isDirectory()) {
            files.add(status);
            return;
        }
        FileStatus[] children = fs.listStatus(status.getPath(), p -> !isHidden(p));
        Arrays.sort(children, Comparator.comparing(f -> f.getPath().toString()));
        for (FileStatus child : children) {
            collect(fs, child, files);
        }
    }

    private static void addSplits(FileStatus file, long maxSplitBytes, List<FileSplit> splits) {
        long length = file.getLen();
        if (length == 0) {
            return;
        }
        // equal pieces rather than full pieces plus a small tail: the instances get even work
        long pieces = (length + maxSplitBytes - 1) / maxSplitBytes;
        long pieceBytes = (length + pieces - 1) / pieces;
        String path = file.getPath().toString();
        for (long start = 0; start < length; start += pieceBytes) {
            splits.add(new FileSplit(path, start, Math.min(pieceBytes, length - start)));
        }
    }

    static boolean isHidden(Path path) {
        String name = path.getName();
        return name.startsWith(".") || name.startsWith("_");
    }

    private static boolean isGlob(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    /**
     * The splits of parallel instance {@code index} of {@code parallelism}: each split goes to the
     * instance with the fewest bytes assigned so far (ties to the lower index), so instances get
     * near-equal work and the assignment depends only on the split list.
     */
    public static List<Integer> assignedSplits(List<FileSplit> splits, int index, int parallelism) {
        if (parallelism < 1 || index < 0 || index >= parallelism) {
            throw new IllegalArgumentException("subtask " + index + " of " + parallelism + " does not exist");
        }
        long[] load = new long[parallelism];
        List<Integer> mine = new ArrayList<>();
        for (int s = 0; s < splits.size(); s++) {
            int target = 0;
            for (int i = 1; i < parallelism; i++) {
                if (load[i] < load[target]) {
                    target = i;
                }
            }
            load[target] += splits.get(s).length();
            if (target == index) {
                mine.add(s);
            }
        }
        return mine;
    }
}
