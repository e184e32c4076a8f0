package io.sluice.it.dataflow.jobs;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.MapFunction;
import io.sluice.examples.ExampleArgs;
import io.sluice.examples.stateful.KeyedEvent;
import io.sluice.examples.stateful.KeyedEventSource;
import io.sluice.examples.stateful.SequenceChecker;
import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The stateful example with a fault injector between source and checker: a test drops a file into
 * {@code --fail-markers <dir>} and exactly one task (the one whose delete of it succeeds) throws. The
 * output is the stateful example's, so a test can check it exactly after any number of faults.
 */
public final class FaultInjectedStatefulJob {

    private FaultInjectedStatefulJob() {
    }

    /** Passes events through; throws once per marker file it is the first to delete. */
    public static final class FaultInjector<T> implements MapFunction<T, T> {
        private static final long serialVersionUID = 1L;
        private final String markers;
        private transient FileSystem fs;
        private transient long nextCheck;

        public FaultInjector(String markers) {
            this.markers = markers;
        }

        @Override
        public T map(T event) throws IOException {
            long now = System.currentTimeMillis();
            if (now >= nextCheck) {
                nextCheck = now + 100;
                Path dir = new Path(markers);
                if (fs == null) {
                    fs = dir.getFileSystem(new org.apache.hadoop.conf.Configuration());
                }
                FileStatus[] found = fs.exists(dir) ? fs.listStatus(dir) : new FileStatus[0];
                for (FileStatus marker : found) {
                    if (fs.delete(marker.getPath(), false)) {
                        throw new IllegalStateException("injected failure " + marker.getPath().getName());
                    }
                }
            }
            return event;
        }
    }

    public static void main(String[] args) throws Exception {
        ExampleArgs params = ExampleArgs.parse(args);
        params.rejectUnknown("count", "keys", "rate", "report-every", "output", "checkpointing", "fail-markers");
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(params.getLong("checkpointing", 500));
        env.fromSource(new KeyedEventSource(Math.toIntExact(params.getLong("keys", 100)),
                        params.getLong("count", 100_000), 1, params.getLong("rate", 100)), "Keyed Events").uid("keyed-events")
                .map(new FaultInjector<KeyedEvent>(params.required("fail-markers"))).uid("fault-injector")
                .keyBy(KeyedEvent::key)
                .process(new SequenceChecker(params.getLong("report-every", 10))).uid("sequence-checker")
                .writeAsText(params.required("output"));
        env.execute("Fault-injected stateful sequence check");
    }
}
