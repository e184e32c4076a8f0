package io.sluice.translation;

import io.sluice.api.InvalidJobException;
import io.sluice.api.connector.source.Source;
import io.sluice.api.streamgraph.Operation;
import io.sluice.api.streamgraph.Operations;
import io.sluice.api.streamgraph.StreamGraph;
import io.sluice.api.streamgraph.Transformation;
import io.sluice.streaming.CoFlatMapOperator;
import io.sluice.streaming.CoMapOperator;
import io.sluice.streaming.FilterOperator;
import io.sluice.streaming.MapOperator;
import io.sluice.streaming.StreamOperator;
import io.sluice.streaming.connector.SinkWriterOperator;
import io.sluice.streaming.connector.SourceReaderOperator;
import io.sluice.streaming.operators.FlatMapOperator;
import io.sluice.streaming.operators.KeyedFlatMapOperator;
import io.sluice.streaming.operators.KeyedMapAdapter;
import io.sluice.streaming.operators.KeyedProcessOperator;
import io.sluice.streaming.operators.KeyedReduceOperator;
import io.sluice.streaming.operators.ProcessOperator;
import io.sluice.streaming.operators.TimestampsAndWatermarksOperator;
import io.sluice.streaming.operators.WindowOperators;
import java.io.Serializable;
import java.util.List;

/** Turns the operation of a transformation into the operator that runs it in a task. */
final class OperatorFactory {

    private OperatorFactory() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static StreamOperator<?> create(Transformation<?> t, StreamGraph graph) {
        Operation op = t.operation();
        if (op instanceof EngineOperation engine) {
            return engine.operator();
        }
        if (op instanceof Operations.FromSource<?> s) {
            Source source = s.source();
            int parallelism = graph.parallelismOf(t);
            List<Serializable> splits;
            try {
                splits = source.createSplits(parallelism);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new InvalidJobException("source '" + t.name() + "' could not divide its input: " + e.getMessage(), e);
            }
            if (splits == null) {
                throw new InvalidJobException("source '" + t.name() + "' (" + source.getClass().getName()
                        + ") returned no splits: createSplits must return a list (empty for no input)");
            }
            return new SourceReaderOperator<>(source, splits);
        }
        if (op instanceof Operations.SinkTo<?> s) {
            return new SinkWriterOperator<>(s.sink());
        }
        if (op instanceof Operations.Map m) {
            return new MapOperator<>(m.function());
        }
        if (op instanceof Operations.Filter f) {
            return new FilterOperator<>(f.function());
        }
        if (op instanceof Operations.FlatMap f) {
            return new FlatMapOperator<>(f.function());
        }
        if (op instanceof Operations.Process p) {
            return new ProcessOperator<>(p.function());
        }
        if (op instanceof Operations.AssignTimestampsAndWatermarks a) {
            return new TimestampsAndWatermarksOperator<>(a.strategy());
        }
        if (op instanceof Operations.KeyedFlatMap k) {
            return new KeyedFlatMapOperator<>(k.keySelector(), k.function());
        }
        if (op instanceof Operations.KeyedMap k) {
            return new KeyedFlatMapOperator<>(k.keySelector(), new KeyedMapAdapter<>(k.function()));
        }
        if (op instanceof Operations.KeyedReduce k) {
            return new KeyedReduceOperator<>(k.keySelector(), k.function());
        }
        if (op instanceof Operations.KeyedProcess k) {
            return new KeyedProcessOperator<>(k.keySelector(), k.function());
        }
        if (op instanceof Operations.Window<?, ?> w) {
            return WindowOperators.create(w);
        }
        if (op instanceof Operations.CoMap c) {
            return new CoMapOperator<>(c.function());
        }
        if (op instanceof Operations.CoFlatMap c) {
            return new CoFlatMapOperator<>(c.function());
        }
        throw new InvalidJobException("operation " + op.getClass().getName() + " of '" + t.name()
                + "' is not one this runtime knows: is the job built against another Sluice version?");
    }
}
