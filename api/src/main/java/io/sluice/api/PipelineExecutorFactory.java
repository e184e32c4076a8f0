package io.sluice.api;

/**
 * Creates the local executor used when no context executor is installed (a program started from
 * an IDE or with plain {@code java}). Found with {@link java.util.ServiceLoader}: an implementation
 * is listed in {@code META-INF/services/io.sluice.api.PipelineExecutorFactory}.
 */
public interface PipelineExecutorFactory {

    /** Called once per execute() of an environment without a context. */
    PipelineExecutor create();
}
