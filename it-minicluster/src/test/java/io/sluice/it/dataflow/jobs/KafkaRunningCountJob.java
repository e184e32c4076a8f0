package io.sluice.it.dataflow.jobs;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.Collector;
import io.sluice.api.functions.KeyedProcessFunction;
import io.sluice.api.functions.MapFunction;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import io.sluice.connector.kafka.DeliveryGuarantee;
import io.sluice.connector.kafka.KafkaRecordDeserializer;
import io.sluice.connector.kafka.KafkaRecordSerializer;
import io.sluice.connector.kafka.KafkaSink;
import io.sluice.connector.kafka.KafkaSource;
import io.sluice.examples.ExampleArgs;

/**
 * Kafka -> keyed running count -> Kafka, exactly once: reads events {@code key,sequence} (bounded at
 * the offsets seen at the start), counts each key's events in keyed state and writes
 * {@code key,sequence,count} per event in one transaction per checkpoint. With exactly-once state
 * and output every count equals its sequence and every line is in the output topic once, so a test
 * can check the output exactly after any faults ({@code --fail-markers}, as in
 * {@link FaultInjectedStatefulJob}). {@code --pause-every n} sleeps a millisecond every n events, so
 * that the job runs long enough for faults.
 */
public final class KafkaRunningCountJob {

    private KafkaRunningCountJob() {
    }

    /** Emits {@code key,sequence,count} for every event. */
    public static final class RunningCount extends KeyedProcessFunction<String, String, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public void processElement(String event, Context ctx, Collector<String> out) throws Exception {
            long n = (count.value() == null ? 0 : count.value()) + 1;
            count.update(n);
            out.collect(event + "," + n);
        }
    }

    /** Sleeps a millisecond every {@code every} events. */
    public static final class Pause implements MapFunction<String, String> {
        private static final long serialVersionUID = 1L;
        private final long every;
        private long seen;

        Pause(long every) {
            this.every = every;
        }

        @Override
        public String map(String value) throws InterruptedException {
            if (every > 0 && ++seen % every == 0) {
                Thread.sleep(1);
            }
            return value;
        }
    }

    public static void main(String[] args) throws Exception {
        ExampleArgs params = ExampleArgs.parse(args);
        params.rejectUnknown("bootstrap", "input", "output", "prefix", "checkpointing", "fail-markers", "pause-every");
        String bootstrap = params.required("bootstrap");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpointing", 300));
        env.fromSource(KafkaSource.<String>builder()
                        .bootstrapServers(bootstrap)
                        .topics(params.required("input"))
                        .groupId(params.required("prefix") + "-source")
                        .boundedAtLatest()
                        .deserializer(KafkaRecordDeserializer.valueAsString())
                        .build(), "Kafka events").uid("kafka-events")
                .map(new FaultInjectedStatefulJob.FaultInjector<String>(params.required("fail-markers"))).uid("fault-injector")
                .map(new Pause(params.getLong("pause-every", 0))).uid("pause")
                .keyBy(event -> event.substring(0, event.indexOf(',')))
                .process(new RunningCount()).uid("running-count")
                .sinkTo(KafkaSink.<String>builder()
                        .bootstrapServers(bootstrap)
                        .serializer(KafkaRecordSerializer.valueAsString(params.required("output")))
                        .deliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .transactionalIdPrefix(params.required("prefix"))
                        .build(), "Kafka counts").uid("kafka-counts");
        env.execute("Kafka running count");
    }
}
