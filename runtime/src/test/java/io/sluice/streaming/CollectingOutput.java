package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.eventtime.Watermark;
import io.sluice.network.StreamRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An output that keeps what an operator emits, for assertions: records (copied), watermarks, side outputs. */
public final class CollectingOutput<T> implements Output<T> {

    private final List<StreamRecord<T>> records = new ArrayList<>();
    private final List<Watermark> watermarks = new ArrayList<>();
    private final Map<OutputTag<?>, List<StreamRecord<?>>> sideOutputs = new HashMap<>();
    private final List<io.sluice.api.eventtime.WatermarkStatus> watermarkStatuses = new ArrayList<>();

    @Override
    public void collect(StreamRecord<T> record) {
        records.add(record.copy());
    }

    @Override
    public void emitWatermark(Watermark mark) {
        watermarks.add(mark);
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
        sideOutputs.computeIfAbsent(tag, t -> new ArrayList<>()).add(record.copy());
    }

    @Override
    public void emitWatermarkStatus(io.sluice.api.eventtime.WatermarkStatus status) {
        watermarkStatuses.add(status);
    }

    public List<io.sluice.api.eventtime.WatermarkStatus> watermarkStatuses() {
        return watermarkStatuses;
    }

    public List<StreamRecord<T>> records() {
        return records;
    }

    public List<T> values() {
        return records.stream().map(StreamRecord::getValue).toList();
    }

    public List<Watermark> watermarks() {
        return watermarks;
    }

    @SuppressWarnings("unchecked")
    public <X> List<X> sideOutputValues(OutputTag<X> tag) {
        return sideOutputs.getOrDefault(tag, List.of()).stream().map(r -> (X) r.getValue()).toList();
    }

    public void clear() {
        records.clear();
        watermarks.clear();
        sideOutputs.clear();
        watermarkStatuses.clear();
    }
}
