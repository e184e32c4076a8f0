package io.sluice.benchmarks;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sluice.api.tuple.Tuple2;
import io.sluice.network.StreamRecord;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.network.serialization.ValueSerializer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Write + read of one record through the network's record codec (what a record costs on a shuffle,
 * without the buffer copy): the fast paths (Long, Tuple2 of Longs, String) and the Kryo path for a
 * Java record, unregistered and registered.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = "-Xmx1g")
public class RecordSerializerBenchmark {

    public record Event(long user, String page, long time) {}

    private StreamElementCodec codec;
    private StreamElementCodec registeredCodec;
    private final Output out = new Output(1024, -1);
    private final Input in = new Input();
    private final StreamRecord<Object> reuse = new StreamRecord<>(null);
    private StreamRecord<Object> longRecord;
    private StreamRecord<Object> tupleRecord;
    private StreamRecord<Object> stringRecord;
    private StreamRecord<Object> eventRecord;

    @Setup
    public void setup() {
        ClassLoader cl = getClass().getClassLoader();
        codec = new StreamElementCodec(new ValueSerializer(cl, List.of()));
        registeredCodec = new StreamElementCodec(new ValueSerializer(cl, List.of(Event.class)));
        longRecord = new StreamRecord<>(123_456_789L);
        tupleRecord = new StreamRecord<>(new Tuple2<>(4711L, 1L));
        stringRecord = new StreamRecord<>("the quick brown fox");
        eventRecord = new StreamRecord<>(new Event(42L, "/index.html", 1_700_000_000_000L), 1_700_000_000_000L);
    }

    private Object roundTrip(StreamElementCodec c, StreamRecord<Object> record) {
        out.reset();
        c.writeRecord(out, record);
        in.setBuffer(out.getBuffer(), 0, out.position());
        c.readRecord(in, in.readByte(), reuse);
        return reuse.getValue();
    }

    @Benchmark
    public Object longValue() {
        return roundTrip(codec, longRecord);
    }

    @Benchmark
    public Object tuple2OfLongs() {
        return roundTrip(codec, tupleRecord);
    }

    @Benchmark
    public Object string() {
        return roundTrip(codec, stringRecord);
    }

    @Benchmark
    public Object javaRecordUnregistered() {
        return roundTrip(codec, eventRecord);
    }

    @Benchmark
    public Object javaRecordRegistered() {
        return roundTrip(registeredCodec, eventRecord);
    }
}
