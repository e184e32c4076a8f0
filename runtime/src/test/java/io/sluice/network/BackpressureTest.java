package io.sluice.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.JobClient;
import io.sluice.api.StreamEnvironment;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import io.sluice.network.buffer.LocalBufferPool;
import io.sluice.network.partition.ResultPartition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fast source feeding a deliberately slow sink over the network between two TaskManagers: the
 * source must slow down to the sink's pace, and the buffers in use must stay within the pools'
 * bounds. Asserts on counts and pool occupancy, never on time.
 */
@Timeout(180)
class BackpressureTest {

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    @Test
    void slowSinkSlowsTheSourceAndBuffersStayBounded() throws Exception {
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        config.setString("taskmanager.network.memory.buffer-size", "4 kb");
        config.setString("taskmanager.network.memory.buffers", "64");
        int bufferSize = 4096;
        try (MultiTaskManagerCluster cluster = new MultiTaskManagerCluster(config, 2, 1)) {
            NetworkTestOperators.EMITTED.set(0);
            NetworkTestOperators.CONSUMED.set(0);
            StreamEnvironment.initializeContext(cluster, 2);
            StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
            env.setBufferTimeout(10);
            env.fromSequence(1, Long.MAX_VALUE - 1)
                    .transform("Count", io.sluice.translation.EngineOperation.of(new NetworkTestOperators.Counting<>()))
                    .rebalance()
                    .addSink("Slow Sink", io.sluice.translation.EngineOperation.of(new NetworkTestOperators.SlowSink<>(1)));
            JobClient job = env.executeAsync("backpressure");

            // let the pipeline fill up: the sink has taken a few hundred records per subtask
            while (NetworkTestOperators.CONSUMED.get() < 600) {
                Thread.sleep(50);
            }
            List<ResultPartition> outputs = new ArrayList<>();
            List<LocalBufferPool> inputs = new ArrayList<>();
            int maxSegments = 0;
            for (int sample = 0; sample < 20; sample++) {
                outputs.clear();
                for (NetworkEnvironment network : cluster.networks()) {
                    outputs.addAll(network.partitionManager().partitions());
                    assertTrue(network.bufferPool().peakSegmentsInPools() <= network.bufferPool().totalSegments());
                }
                assertEquals(2, outputs.size(), "one output partition per source subtask");
                int bound = 0;
                for (ResultPartition p : outputs) {
                    LocalBufferPool pool = p.bufferPool();
                    assertTrue(pool.peakBuffersInUse() <= pool.maxSegments(),
                            "output pool used " + pool.peakBuffersInUse() + " of at most " + pool.maxSegments());
                    bound += pool.maxSegments();
                }
                // each subtask's input: 1 remote channel (2 exclusive + 8 floating buffers); local channels use the producer's
                bound += 2 * (2 + 8);
                maxSegments = bound;
                long inFlight = NetworkTestOperators.EMITTED.get() - NetworkTestOperators.CONSUMED.get();
                // a Long record takes 14 bytes on the wire (length, tags, 8 bytes); plus one record per operator
                long maxInFlight = (long) bound * (bufferSize / 14 + 1) + 4;
                assertTrue(inFlight <= maxInFlight, "the source ran ahead of the slow sink by " + inFlight
                        + " records, more than all network buffers can hold (" + maxInFlight + ")");
                Thread.sleep(50);
            }
            // backpressure is active: the sources' output pools are full
            boolean full = false;
            for (ResultPartition p : outputs) {
                full |= p.bufferPool().buffersInUse() >= p.bufferPool().maxSegments() - 1;
            }
            assertTrue(full, "a backpressured source has used up its output buffers");
            assertTrue(maxSegments <= 64 * 2, "bounded by the configured network memory");

            job.cancel().get();
            try {
                job.result().get();
            } catch (Exception expected) {
                // cancelled
            }
            // cancellation releases every partition and buffer
            for (NetworkEnvironment network : cluster.networks()) {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while ((network.bufferPool().segmentsInPools() > 0 || network.partitionManager().size() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(0, network.partitionManager().size(), "partitions released");
                assertEquals(0, network.bufferPool().segmentsInPools(), "all buffers back in the TaskManager's pool");
            }
        }
    }
}
