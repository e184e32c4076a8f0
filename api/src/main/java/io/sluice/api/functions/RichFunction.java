package io.sluice.api.functions;

/**
 * A function with a lifecycle and access to its subtask: any user function (map, flatMap, process,
 * reduce, window functions) may implement it. {@link #open} runs once per parallel instance before
 * the first record, after {@link #setRuntimeContext}; the usual place to create state handles.
 */
public interface RichFunction {

    default void open() throws Exception {
    }

    default void close() throws Exception {
    }

    RuntimeContext getRuntimeContext();

    void setRuntimeContext(RuntimeContext context);
}
