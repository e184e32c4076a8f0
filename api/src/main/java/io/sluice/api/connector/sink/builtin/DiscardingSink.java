package io.sluice.api.connector.sink.builtin;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.sink.Sink;
import io.sluice.api.connector.sink.SinkWriter;
import java.util.List;

/** Drops every record; for benchmarks and for jobs whose effect lies elsewhere. */
public final class DiscardingSink<T> implements Sink<T, PrintSink.NoState> {

    private static final long serialVersionUID = 1L;

    @Override
    public SinkWriter<T, PrintSink.NoState> createWriter(ConnectorContext context, List<PrintSink.NoState> restored) {
        return new SinkWriter<>() {
            @Override
            public void write(T record) {
            }

            @Override
            public List<PrintSink.NoState> prepareCommit(long checkpointId) {
                return List.of();
            }

            @Override
            public void commit(long checkpointId) {
            }

            @Override
            public void finish() {
            }

            @Override
            public void close() {
            }
        };
    }
}
