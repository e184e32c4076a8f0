package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;
import java.util.List;
import java.util.Map;

/**
 * The output of an operator whose side outputs have consumers: main records go to the main output,
 * side records to the consumers of their tag (as those consumers' main input); watermarks go to all.
 */
final class RoutingOutput<T> implements Output<T> {

    private final Output<T> main;
    private final Map<OutputTag<?>, Output<Object>> sides;
    private final List<Output<?>> all;

    RoutingOutput(Output<T> main, Map<OutputTag<?>, Output<Object>> sides) {
        this.main = main;
        this.sides = Map.copyOf(sides);
        this.all = new java.util.ArrayList<>(sides.values());
        this.all.add(0, main);
    }

    @Override
    public void collect(StreamRecord<T> record) throws Exception {
        main.collect(record);
    }

    @Override
    public void emitWatermark(Watermark mark) throws Exception {
        for (Output<?> o : all) {
            o.emitWatermark(mark);
        }
    }

    @Override
    public void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) throws Exception {
        for (Output<?> o : all) {
            o.emitWatermarkStatus(status);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) throws Exception {
        Output<Object> side = sides.get(tag);
        if (side != null) {
            side.collect((StreamRecord<Object>) record);
        }
    }
}
