package io.sluice.connector.file;

import java.io.Serializable;

/**
 * A byte range {@code [start, start + length)} of one file. A text split owns the lines that start
 * inside it: it reads the last of them past its end, and its reader skips the partial line it
 * starts in (which belongs to the split before).
 *
 * <p>A compressed file (a codec Hadoop knows by the file's suffix: {@code .gz}, {@code .bz2}, ...) is
 * one split: its reader decompresses the whole file, and offsets count decompressed bytes.
 *
 * @param path       qualified URI of the file ({@code file:/...}, {@code hdfs://nn:8020/...})
 * @param length     bytes of the range; for a compressed file the file's (compressed) size
 * @param compressed whether the file is read through its compression codec, as one split
 */
public record FileSplit(String path, long start, long length, boolean compressed) implements Serializable {

    public FileSplit(String path, long start, long length) {
        this(path, start, length, false);
    }

    public FileSplit {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("split of " + path + " has a negative start or length: " + start + "+" + length);
        }
    }

    /** Where the split's last line may start (exclusive); unbounded for a compressed file. */
    public long end() {
        return compressed ? Long.MAX_VALUE : start + length;
    }

    @Override
    public String toString() {
        return path + ":" + start + "+" + length;
    }
}
