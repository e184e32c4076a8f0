package ${package};

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.RateThrottle;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings of {@code sensors} sensors, {@code readingsPerSensor} each: a source written against
 * Sluice's public interfaces only. Each sensor is one split that carries how far it was read, so a
 * checkpoint stores exactly where every sensor stands, and a restored reader goes on from there:
 * no reading is emitted twice into the job's state, none is skipped.
 */
public final class ReadingSource implements Source<Reading, ReadingSource.SensorSplit> {

    private static final long serialVersionUID = 1L;

    /** Readings per poll: keeps the time between two checkpoint chances short. */
    private static final int BATCH = 100;

    /** A sensor still to read, from reading {@code next} on. */
    public record SensorSplit(int sensor, long next) implements Serializable {
    }

    private final int sensors;
    private final long readingsPerSensor;
    private final long readingsPerSecond;

    /** @param readingsPerSecond upper bound per parallel instance; 0 reads as fast as the job takes them */
    public ReadingSource(int sensors, long readingsPerSensor, long readingsPerSecond) {
        if (sensors < 1 || readingsPerSensor < 0 || readingsPerSecond < 0) {
            throw new IllegalArgumentException("need at least one sensor and no negative counts or rates, got "
                    + sensors + " sensors, " + readingsPerSensor + " readings each, " + readingsPerSecond + " per second");
        }
        this.sensors = sensors;
        this.readingsPerSensor = readingsPerSensor;
        this.readingsPerSecond = readingsPerSecond;
    }

    @Override
    public List<SensorSplit> createSplits(int parallelism) {
        List<SensorSplit> splits = new ArrayList<>();
        for (int sensor = 0; sensor < sensors; sensor++) {
            splits.add(new SensorSplit(sensor, 1));
        }
        return splits;
    }

    @Override
    public SourceReader<Reading, SensorSplit> createReader(ConnectorContext context) {
        return new Reader();
    }

    /** Reads its sensors in turn, a batch each; one reader per parallel instance, on the task's thread. */
    private final class Reader implements SourceReader<Reading, SensorSplit> {

        /** Sensor and next reading of each unfinished split; index i of both belongs together. */
        private final List<Integer> sensorOf = new ArrayList<>();
        private final List<Long> nextOf = new ArrayList<>();
        private final RateThrottle throttle = readingsPerSecond > 0 ? new RateThrottle(readingsPerSecond) : null;
        private int turn;

        @Override
        public void addSplits(List<SensorSplit> splits) {
            for (SensorSplit split : splits) {
                if (split.next() <= readingsPerSensor) {
                    sensorOf.add(split.sensor());
                    nextOf.add(split.next());
                }
            }
        }

        @Override
        public InputStatus pollNext(SourceOutput<Reading> output) {
            if (sensorOf.isEmpty()) {
                return InputStatus.END_OF_INPUT;
            }
            int i = turn++ % sensorOf.size();
            int sensor = sensorOf.get(i);
            long next = nextOf.get(i);
            long batch = Math.min(BATCH, readingsPerSensor - next + 1);
            if (throttle != null) {
                batch = throttle.acquire(batch);
                if (batch == 0) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            for (long n = 0; n < batch; n++, next++) {
                output.collect(new Reading(sensor, next, Reading.valueOf(sensor, next)));
            }
            if (next > readingsPerSensor) {
                sensorOf.remove(i);
                nextOf.remove(i);
            } else {
                nextOf.set(i, next);
            }
            return sensorOf.isEmpty() ? InputStatus.END_OF_INPUT : InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<SensorSplit> snapshotState(long checkpointId) {
            List<SensorSplit> state = new ArrayList<>();
            for (int i = 0; i < sensorOf.size(); i++) {
                state.add(new SensorSplit(sensorOf.get(i), nextOf.get(i)));
            }
            return state;
        }

        @Override
        public void close() {
        }
    }
}
