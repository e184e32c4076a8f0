package io.sluice.api.streamgraph;

/**
 * What a transformation runs, as the program described it: a user function and how to apply it
 * ({@link Operations}), a public source or sink, or an operation the runtime or a connector
 * provides. The runtime turns each into an operator when it translates the stream graph; the API
 * itself never sees an operator.
 */
public interface Operation {
}
