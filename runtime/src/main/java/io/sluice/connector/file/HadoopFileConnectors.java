package io.sluice.connector.file;

import io.sluice.api.WriteMode;
import io.sluice.api.connector.FileConnectors;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.source.Source;
import io.sluice.config.HadoopClientDefaults;
import java.util.List;

/** The runtime's text file source and sink, through the Hadoop FileSystem API ({@code file://}, {@code hdfs://}). */
public final class HadoopFileConnectors implements FileConnectors {

    @Override
    public Source<String, ?> textFileSource(String path, long maxSplitBytes) {
        List<FileSplit> splits = TextFileSplitter.split(path, maxSplitBytes, HadoopClientDefaults.create());
        return new TextFileSource(path, splits);
    }

    @Override
    public <T> Sink<T, ?> textFileSink(String path, WriteMode writeMode) {
        return new TextFileSink<>(path, writeMode);
    }
}
