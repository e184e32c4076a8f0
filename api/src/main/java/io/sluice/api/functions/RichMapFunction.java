package io.sluice.api.functions;

/** A map function with open/close and a runtime context. */
public abstract class RichMapFunction<T, R> extends AbstractRichFunction implements MapFunction<T, R> {

    private static final long serialVersionUID = 1L;
}
