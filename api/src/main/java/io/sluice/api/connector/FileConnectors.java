package io.sluice.api.connector;

import io.sluice.api.WriteMode;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.source.Source;
import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * The text file source and sink behind {@code readTextFile} and {@code writeAsText}. They read and
 * write through the Hadoop FileSystem API, which the API does not depend on, so the runtime provides
 * them (found with {@link ServiceLoader}; listed in
 * {@code META-INF/services/io.sluice.api.connector.FileConnectors}).
 */
public interface FileConnectors {

    /** Largest byte range one split of a text file covers unless the program says otherwise. */
    long DEFAULT_MAX_SPLIT_BYTES = 16L << 20;

    /**
     * The lines of the file, directory or glob at {@code path}; lists the files now.
     *
     * @throws IllegalArgumentException if the path does not exist or holds / matches no file
     */
    Source<String, ?> textFileSource(String path, long maxSplitBytes);

    /** One line per record ({@code String.valueOf}) in part files under the directory {@code path}. */
    <T> Sink<T, ?> textFileSink(String path, WriteMode writeMode);

    /** The runtime's implementation. */
    static FileConnectors load() {
        Iterator<FileConnectors> found = ServiceLoader.load(FileConnectors.class, FileConnectors.class.getClassLoader())
                .iterator();
        if (!found.hasNext()) {
            throw new IllegalStateException("reading and writing text files needs the Sluice runtime on the classpath: "
                    + "run the program with 'bin/sluice run', or add sluice-runtime (test or runtime scope) to run it "
                    + "in this JVM");
        }
        return found.next();
    }
}
