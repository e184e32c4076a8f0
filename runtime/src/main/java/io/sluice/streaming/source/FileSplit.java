package io.sluice.streaming.source;

import java.io.Serializable;

/**
 * A byte range {@code [start, start + length)} of one file. A text split owns the lines that start
 * inside it: it reads the last of them past its end, and its reader skips the partial line it
 * starts in (which belongs to the split before).
 *
 * @param path   qualified URI of the file ({@code file:/...}, {@code hdfs://nn:8020/...})
 */
public record FileSplit(String path, long start, long length) implements Serializable {

    public FileSplit {
        if (start < 0 || length < 0) {
            throw new IllegalArgumentException("split of " + path + " has a negative start or length: " + start + "+" + length);
        }
    }

    public long end() {
        return start + length;
    }

    @Override
    public String toString() {
        return path + ":" + start + "+" + length;
    }
}
