package io.sluice.api.functions;

/** A flatMap function with open/close and a runtime context (keyed state when applied on a keyed stream). */
public abstract class RichFlatMapFunction<T, R> extends AbstractRichFunction implements FlatMapFunction<T, R> {

    private static final long serialVersionUID = 1L;
}
