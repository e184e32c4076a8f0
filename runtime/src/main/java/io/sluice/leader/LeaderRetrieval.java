package io.sluice.leader;

import java.util.function.Consumer;

/** Finds the current leader of a component and reports every change. */
public interface LeaderRetrieval extends AutoCloseable {

    void start(Consumer<LeaderInfo> listener) throws Exception;

    @Override
    void close() throws Exception;
}
