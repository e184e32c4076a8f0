package io.sluice.streaming.operators;

import io.sluice.api.OutputTag;
import io.sluice.api.functions.AggregateFunction;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedStateStore;
import io.sluice.api.functions.ReduceFunction;
import io.sluice.api.functions.RuntimeContext;
import io.sluice.api.windowing.ProcessWindowFunction;
import io.sluice.api.windowing.windows.Window;
import java.io.Serializable;
import java.util.Collections;
import java.util.Iterator;

/**
 * What the window operator calls when a window fires, with the window's contents as the state holds
 * them: one pre-aggregated value (reduce/aggregate) or all records (process, evictors). The
 * implementations adapt the user's functions to that.
 */
public interface InternalWindowFunction<IN, OUT, K, W extends Window> extends Serializable {

    /** What the operator offers a firing window. */
    interface WindowContext {
        long currentProcessingTime();

        long currentWatermark();

        KeyedStateStore windowState();

        KeyedStateStore globalState();

        <X> void output(OutputTag<X> tag, X value) throws Exception;
    }

    void process(K key, W window, WindowContext context, IN input, Collector<OUT> out) throws Exception;

    default void clear(K key, W window, WindowContext context) throws Exception {
    }

    default void open(RuntimeContext runtimeContext) throws Exception {
    }

    default void close() throws Exception {
    }

    /** Emits the pre-aggregated value as it is (reduce / aggregate without a process function). */
    static <T, K, W extends Window> InternalWindowFunction<T, T, K, W> passThrough() {
        return new PassThrough<>();
    }

    /** Hands the one pre-aggregated value to a process window function. */
    static <T, OUT, K, W extends Window> InternalWindowFunction<T, OUT, K, W> singleValue(
            ProcessWindowFunction<T, OUT, K, W> function) {
        return new ProcessAdapter<T, T, OUT, K, W>(function, true);
    }

    /** Hands all records of the window to a process window function. */
    static <T, OUT, K, W extends Window> InternalWindowFunction<Iterable<T>, OUT, K, W> iterable(
            ProcessWindowFunction<T, OUT, K, W> function) {
        return new ProcessAdapter<Iterable<T>, T, OUT, K, W>(function, false);
    }

    /** Reduces the records kept for an evictor, then calls {@code then} with the result. */
    static <T, OUT, K, W extends Window> InternalWindowFunction<Iterable<T>, OUT, K, W> reducing(ReduceFunction<T> reduce,
            InternalWindowFunction<T, OUT, K, W> then) {
        return new Reducing<>(reduce, then);
    }

    /** Aggregates the records kept for an evictor, then calls {@code then} with the result. */
    static <T, ACC, R, OUT, K, W extends Window> InternalWindowFunction<Iterable<T>, OUT, K, W> aggregating(
            AggregateFunction<T, ACC, R> aggregate, InternalWindowFunction<R, OUT, K, W> then) {
        return new Aggregating<>(aggregate, then);
    }

    final class PassThrough<T, K, W extends Window> implements InternalWindowFunction<T, T, K, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(K key, W window, WindowContext context, T input, Collector<T> out) throws Exception {
            out.collect(input);
        }
    }

    final class ProcessAdapter<IN, T, OUT, K, W extends Window> implements InternalWindowFunction<IN, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        private final ProcessWindowFunction<T, OUT, K, W> function;
        private final boolean singleValue;
        private transient ContextAdapter context;

        ProcessAdapter(ProcessWindowFunction<T, OUT, K, W> function, boolean singleValue) {
            this.function = function;
            this.singleValue = singleValue;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void process(K key, W window, WindowContext ctx, IN input, Collector<OUT> out) throws Exception {
            Iterable<T> elements = singleValue ? Collections.singletonList((T) input) : (Iterable<T>) input;
            function.process(key, context.bind(window, ctx), elements, out);
        }

        @Override
        public void clear(K key, W window, WindowContext ctx) throws Exception {
            function.clear(context.bind(window, ctx));
        }

        @Override
        public void open(RuntimeContext runtimeContext) throws Exception {
            context = new ContextAdapter();
            UserFunctions.open(function, runtimeContext);
        }

        @Override
        public void close() throws Exception {
            UserFunctions.close(function);
        }

        private final class ContextAdapter extends ProcessWindowFunction<T, OUT, K, W>.Context {
            private W window;
            private WindowContext ctx;

            ContextAdapter() {
                function.super();
            }

            ContextAdapter bind(W window, WindowContext ctx) {
                this.window = window;
                this.ctx = ctx;
                return this;
            }

            @Override
            public W window() {
                return window;
            }

            @Override
            public long currentProcessingTime() {
                return ctx.currentProcessingTime();
            }

            @Override
            public long currentWatermark() {
                return ctx.currentWatermark();
            }

            @Override
            public KeyedStateStore windowState() {
                return ctx.windowState();
            }

            @Override
            public KeyedStateStore globalState() {
                return ctx.globalState();
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) throws Exception {
                ctx.output(tag, value);
            }
        }
    }

    final class Reducing<T, OUT, K, W extends Window> implements InternalWindowFunction<Iterable<T>, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        private final ReduceFunction<T> reduce;
        private final InternalWindowFunction<T, OUT, K, W> then;

        Reducing(ReduceFunction<T> reduce, InternalWindowFunction<T, OUT, K, W> then) {
            this.reduce = reduce;
            this.then = then;
        }

        @Override
        public void process(K key, W window, WindowContext context, Iterable<T> input, Collector<OUT> out) throws Exception {
            Iterator<T> it = input.iterator();
            if (!it.hasNext()) {
                return;
            }
            T result = it.next();
            while (it.hasNext()) {
                result = reduce.reduce(result, it.next());
            }
            then.process(key, window, context, result, out);
        }

        @Override
        public void clear(K key, W window, WindowContext context) throws Exception {
            then.clear(key, window, context);
        }

        @Override
        public void open(RuntimeContext runtimeContext) throws Exception {
            UserFunctions.open(reduce, runtimeContext);
            then.open(runtimeContext);
        }

        @Override
        public void close() throws Exception {
            UserFunctions.close(reduce);
            then.close();
        }
    }

    final class Aggregating<T, ACC, R, OUT, K, W extends Window> implements InternalWindowFunction<Iterable<T>, OUT, K, W> {
        private static final long serialVersionUID = 1L;

        private final AggregateFunction<T, ACC, R> aggregate;
        private final InternalWindowFunction<R, OUT, K, W> then;

        Aggregating(AggregateFunction<T, ACC, R> aggregate, InternalWindowFunction<R, OUT, K, W> then) {
            this.aggregate = aggregate;
            this.then = then;
        }

        @Override
        public void process(K key, W window, WindowContext context, Iterable<T> input, Collector<OUT> out) throws Exception {
            ACC acc = aggregate.createAccumulator();
            for (T value : input) {
                acc = aggregate.add(value, acc);
            }
            then.process(key, window, context, aggregate.getResult(acc), out);
        }

        @Override
        public void clear(K key, W window, WindowContext context) throws Exception {
            then.clear(key, window, context);
        }

        @Override
        public void open(RuntimeContext runtimeContext) throws Exception {
            then.open(runtimeContext);
        }

        @Override
        public void close() throws Exception {
            then.close();
        }
    }
}
