package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The source's checkpoint contract, without a cluster: a restored reader continues exactly where the snapshot was. */
class ReadingSourceTest {

    private static final class Collected implements SourceOutput<Reading> {
        final List<Reading> readings = new ArrayList<>();

        @Override
        public void collect(Reading reading) {
            readings.add(reading);
        }

        @Override
        public void collect(Reading reading, long timestamp) {
            readings.add(reading);
        }
    }

    @Test
    void aReaderRestoredFromASnapshotEmitsEveryReadingExactlyOnce() throws Exception {
        ReadingSource source = new ReadingSource(3, 250, 0);
        Collected out = new Collected();

        SourceReader<Reading, ReadingSource.SensorSplit> first = source.createReader(TestContext.fresh());
        first.addSplits(source.createSplits(1));
        for (int i = 0; i < 4; i++) {
            first.pollNext(out);
        }
        List<ReadingSource.SensorSplit> snapshot = first.snapshotState(1);
        first.pollNext(new Collected()); // after the checkpoint: lost with the failure, replayed after it
        first.close();

        SourceReader<Reading, ReadingSource.SensorSplit> restored = source.createReader(TestContext.restoredFrom(1, 1));
        restored.addSplits(snapshot);
        while (restored.pollNext(out) != InputStatus.END_OF_INPUT) {
            // read to the end
        }

        List<Reading> expected = new ArrayList<>();
        for (int sensor = 0; sensor < 3; sensor++) {
            for (long n = 1; n <= 250; n++) {
                expected.add(new Reading(sensor, n, Reading.valueOf(sensor, n)));
            }
        }
        List<Reading> sorted = new ArrayList<>(out.readings);
        sorted.sort((a, b) -> a.sensor() != b.sensor() ? Integer.compare(a.sensor(), b.sensor())
                : Long.compare(a.sequence(), b.sequence()));
        assertEquals(expected, sorted);
    }
}
