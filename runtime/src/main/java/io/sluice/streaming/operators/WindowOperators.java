package io.sluice.streaming.operators;

import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.state.AggregatingStateDescriptor;
import io.sluice.api.state.AppendingState;
import io.sluice.api.state.ListStateDescriptor;
import io.sluice.api.state.ReducingStateDescriptor;
import io.sluice.api.state.StateDescriptor;
import io.sluice.api.streamgraph.Operations;
import io.sluice.api.windowing.ProcessWindowFunction;

/**
 * Builds the {@link WindowOperator} of a window operation: how the window keeps its contents (one
 * reduced value, one accumulator, or every element when an evictor or a process function needs them)
 * and what runs when it fires.
 */
public final class WindowOperators {

    private static final String CONTENTS = "_window-contents";

    private WindowOperators() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static WindowOperator<?, ?, ?, ?, ?> create(Operations.Window<?, ?> window) {
        boolean evicting = window.evictor() != null;
        StateDescriptor contents;
        InternalWindowFunction function;
        if (window.function() instanceof Operations.ReduceWindow r) {
            ReduceFunction reduce = r.reduce();
            InternalWindowFunction after = r.process() == null ? InternalWindowFunction.passThrough()
                    : InternalWindowFunction.singleValue((ProcessWindowFunction) r.process());
            contents = evicting ? new ListStateDescriptor<>(CONTENTS) : new ReducingStateDescriptor<>(CONTENTS, reduce);
            function = evicting ? InternalWindowFunction.reducing(reduce, after) : after;
        } else if (window.function() instanceof Operations.AggregateWindow a) {
            AggregateFunction aggregate = a.aggregate();
            InternalWindowFunction after = a.process() == null ? InternalWindowFunction.passThrough()
                    : InternalWindowFunction.singleValue((ProcessWindowFunction) a.process());
            contents = evicting ? new ListStateDescriptor<>(CONTENTS) : new AggregatingStateDescriptor<>(CONTENTS, aggregate);
            function = evicting ? InternalWindowFunction.aggregating(aggregate, after) : after;
        } else if (window.function() instanceof Operations.ProcessWindow p) {
            contents = new ListStateDescriptor<>(CONTENTS);
            function = InternalWindowFunction.iterable((ProcessWindowFunction) p.process());
        } else {
            throw new IllegalArgumentException("unknown window function " + window.function());
        }
        return new WindowOperator(window.keySelector(), window.assigner(), window.trigger(),
                (StateDescriptor<? extends AppendingState>) contents, function, window.allowedLatenessMillis(),
                window.lateDataTag(), window.evictor());
    }
}
