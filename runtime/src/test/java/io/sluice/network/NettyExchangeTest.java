package io.sluice.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Configuration;
import io.sluice.network.partition.ResultPartitionId;
import io.sluice.network.partitioner.KeyGroupStreamPartitioner;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.network.serialization.ValueSerializer;
import io.sluice.state.KeyGroupRangeAssignment;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two network stacks in this JVM (as two TaskManagers would have) exchanging a keyed stream over
 * real Netty on loopback, without the rest of the runtime.
 */
@Timeout(60)
class NettyExchangeTest {

    private NetworkEnvironment producerSide;
    private NetworkEnvironment consumerSide;

    @BeforeEach
    void start() throws Exception {
        Configuration config = new Configuration();
        config.setString("taskmanager.network.memory.buffer-size", "1 kb");
        config.setString("taskmanager.network.memory.buffers", "100");
        config.setString("taskmanager.network.memory.floating-buffers-per-gate", "3");
        NetworkSettings settings = NetworkSettings.fromConfiguration(config);
        producerSide = NetworkEnvironment.start(settings, "producer-tm", "127.0.0.1", "127.0.0.1");
        consumerSide = NetworkEnvironment.start(settings, "consumer-tm", "127.0.0.1", "127.0.0.1");
    }

    @AfterEach
    void stop() {
        producerSide.close();
        consumerSide.close();
    }

    private static StreamElementCodec codec() {
        return new StreamElementCodec(new ValueSerializer(NettyExchangeTest.class.getClassLoader(), List.of()));
    }

    private TaskNetwork consumer(ResultPartitionId id, int subpartition) throws Exception {
        InputGateDeploymentDescriptor gate = new InputGateDeploymentDescriptor(List.of(
                new InputChannelDeploymentDescriptor(id, subpartition, "producer-tm", producerSide.address())));
        return consumerSide.createTaskNetwork("consumer " + subpartition, "slot", List.of(), List.of(gate));
    }

    /** Reads records until end of partition; returns the values. */
    private static List<Long> readAll(TaskNetwork network) throws Exception {
        ElementReaderAccess readers = new ElementReaderAccess(1);
        StreamElementCodec codec = codec();
        StreamRecord<Object> record = new StreamRecord<>(null);
        List<Long> values = new ArrayList<>();
        InputGate gate = network.gate();
        Object signal = new Object();
        gate.setAvailabilityListener(() -> {
            synchronized (signal) {
                signal.notifyAll();
            }
        });
        while (true) {
            InputGate.BufferAndChannel next = gate.pollNext();
            if (next == null) {
                synchronized (signal) {
                    signal.wait(10);
                }
                continue;
            }
            readers.setBuffer(next.channelIndex(), next.buffer());
            while (readers.next(0)) {
                var in = readers.input(0);
                byte tag = in.readByte();
                if (tag == StreamElementCodec.END_OF_PARTITION) {
                    readers.clearAll();
                    return values;
                }
                codec.readRecord(in, tag, record);
                values.add((Long) record.getValue());
            }
        }
    }

    @Test
    void keyedRecordsReachTheirSubpartitionExactlyOnceAndConsumersMayStartFirst() throws Exception {
        ResultPartitionId id = new ResultPartitionId(UUID.randomUUID(), 0);
        // consumers request the partition before the producer exists: they must retry until it does
        TaskNetwork c0 = consumer(id, 0);
        TaskNetwork c1 = consumer(id, 1);
        c0.gate().requestPartitions();
        c1.gate().requestPartitions();
        CompletableFuture<List<Long>> read0 = CompletableFuture.supplyAsync(() -> unchecked(c0));
        CompletableFuture<List<Long>> read1 = CompletableFuture.supplyAsync(() -> unchecked(c1));
        Thread.sleep(300);

        TaskNetwork producer = producerSide.createTaskNetwork("producer", "slot",
                List.of(new ResultPartitionDeploymentDescriptor(id, 2)), List.of());
        RecordWriter<Long> writer = new RecordWriter<>(producer.partitions().get(0),
                new KeyGroupStreamPartitioner<Long, Long>(v -> v % 97, 128), codec(), 0, false);
        long n = 50_000;
        StreamRecord<Long> reuse = new StreamRecord<>(null);
        for (long v = 0; v < n; v++) {
            writer.emit(reuse.replace(v));
        }
        writer.emit(new StreamRecord<>(Long.MAX_VALUE / 3));
        writer.finish();

        List<Long> got0 = read0.get(30, TimeUnit.SECONDS);
        List<Long> got1 = read1.get(30, TimeUnit.SECONDS);
        assertEquals(n + 1, got0.size() + got1.size());
        for (long v : got0) {
            assertEquals(0, KeyGroupRangeAssignment.operatorIndexForKey(v % 97, 128, 2));
        }
        for (long v : got1) {
            assertEquals(1, KeyGroupRangeAssignment.operatorIndexForKey(v % 97, 128, 2));
        }
        List<Long> all = new ArrayList<>(got0);
        all.addAll(got1);
        all.sort(null);
        for (int i = 0; i < n; i++) {
            assertEquals(i, all.get(i));
        }
        c0.release(null);
        c1.release(null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((producerSide.partitionManager().size() > 0 || producerSide.bufferPool().segmentsInPools() > 0
                || consumerSide.bufferPool().segmentsInPools() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, producerSide.partitionManager().size(), "fully consumed partitions are released");
        assertEquals(0, producerSide.bufferPool().segmentsInPools());
        assertEquals(0, consumerSide.bufferPool().segmentsInPools());
    }

    private static List<Long> unchecked(TaskNetwork network) {
        try {
            return readAll(network);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void producerSendsOnlyWithCreditAndStopsWhenTheConsumerDoesNotRead() throws Exception {
        ResultPartitionId id = new ResultPartitionId(UUID.randomUUID(), 0);
        TaskNetwork producer = producerSide.createTaskNetwork("producer", "slot",
                List.of(new ResultPartitionDeploymentDescriptor(id, 1)), List.of());
        TaskNetwork consumer = consumer(id, 0);
        consumer.gate().requestPartitions();
        RecordWriter<Long> writer = new RecordWriter<>(producer.partitions().get(0),
                new io.sluice.network.partitioner.ForwardPartitioner<>(), codec(), 0, false);
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            try {
                StreamRecord<Long> reuse = new StreamRecord<>(null);
                for (long v = 0; v < 100_000; v++) {
                    writer.emit(reuse.replace(v));
                }
                writer.finish();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        // nobody reads: the writer must end up blocked with its pool full
        var outPool = producer.partitions().get(0).bufferPool();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (outPool.buffersInUse() < outPool.maxSegments() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertTrue(!writing.isDone(), "the producer is blocked");
        assertEquals(outPool.maxSegments(), outPool.buffersInUse(), "the producer's pool is used up");
        var inPool = consumer.gate().bufferPool();
        assertTrue(inPool.buffersInUse() <= inPool.maxSegments(), "the consumer holds at most its credit");
        assertEquals(2 + 3, inPool.maxSegments(), "2 exclusive + 3 floating buffers");
        // the backlog travels with the buffers, so floating buffers are granted once the consumer read something;
        // a consumer that never reads holds its 2 exclusive buffers plus what earlier backlogs earned it
        assertTrue(inPool.peakBuffersInUse() >= 2, "the exclusive buffers were used");

        // reading releases the credit and the producer completes
        List<Long> values = readAll(consumer);
        writing.get(30, TimeUnit.SECONDS);
        assertEquals(100_000, values.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(i, values.get(i), "order is kept within a channel");
        }
        consumer.release(null);
    }

    @Test
    void consumerSeesTheProducersFailure() throws Exception {
        ResultPartitionId id = new ResultPartitionId(UUID.randomUUID(), 0);
        TaskNetwork producer = producerSide.createTaskNetwork("Map (1/1)", "slot",
                List.of(new ResultPartitionDeploymentDescriptor(id, 1)), List.of());
        TaskNetwork consumer = consumer(id, 0);
        consumer.gate().requestPartitions();
        Thread.sleep(200);
        producer.release(new IllegalStateException("user code failed"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> readAll(consumer));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append('\n');
        }
        assertTrue(chain.toString().contains("user code failed"), chain.toString());
        consumer.release(e);
    }

    @Test
    void recordsLargerThanABufferSpanBuffersOnLocalAndRemoteChannels() throws Exception {
        ResultPartitionId id = new ResultPartitionId(UUID.randomUUID(), 0);
        TaskNetwork producer = producerSide.createTaskNetwork("producer", "slot",
                List.of(new ResultPartitionDeploymentDescriptor(id, 2)), List.of());
        // subpartition 0 read in the producer's own TaskManager (local channel), 1 from the other (remote)
        TaskNetwork local = producerSide.createTaskNetwork("local consumer", "slot2", List.of(), List.of(
                new InputGateDeploymentDescriptor(List.of(
                        new InputChannelDeploymentDescriptor(id, 0, "producer-tm", producerSide.address())))));
        TaskNetwork remote = consumer(id, 1);
        assertTrue(local.gate().channel(0) instanceof LocalInputChannel);
        assertTrue(remote.gate().channel(0) instanceof RemoteInputChannel);
        local.gate().requestPartitions();
        remote.gate().requestPartitions();
        CompletableFuture<List<byte[]>> read0 = CompletableFuture.supplyAsync(() -> uncheckedBytes(local));
        CompletableFuture<List<byte[]>> read1 = CompletableFuture.supplyAsync(() -> uncheckedBytes(remote));
        RecordWriter<byte[]> writer = new RecordWriter<>(producer.partitions().get(0),
                new io.sluice.network.partitioner.StreamPartitioner<byte[]>() {
                    @Override
                    public int selectChannel(byte[] value) {
                        return value.length % 2;
                    }

                    @Override
                    public String describe() {
                        return "BY_LENGTH";
                    }
                }, codec(), 0, false);
        int records = 600;
        for (int i = 0; i < records; i++) {
            writer.emit(new StreamRecord<>(payload(i * 7 + 1)));
        }
        writer.finish();
        List<byte[]> got0 = read0.get(30, TimeUnit.SECONDS);
        List<byte[]> got1 = read1.get(30, TimeUnit.SECONDS);
        assertEquals(records, got0.size() + got1.size());
        int i0 = 0;
        int i1 = 0;
        for (int i = 0; i < records; i++) {
            byte[] expected = payload(i * 7 + 1);
            byte[] actual = expected.length % 2 == 0 ? got0.get(i0++) : got1.get(i1++);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, "record " + i);
        }
        local.release(null);
        remote.release(null);
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + size);
        }
        return b;
    }

    private static List<byte[]> uncheckedBytes(TaskNetwork network) {
        try {
            ElementReaderAccess readers = new ElementReaderAccess(1);
            StreamElementCodec codec = codec();
            StreamRecord<Object> record = new StreamRecord<>(null);
            List<byte[]> values = new ArrayList<>();
            while (true) {
                InputGate.BufferAndChannel next = network.gate().pollNext();
                if (next == null) {
                    Thread.sleep(1);
                    continue;
                }
                readers.setBuffer(0, next.buffer());
                while (readers.next(0)) {
                    var in = readers.input(0);
                    byte tag = in.readByte();
                    if (tag == StreamElementCodec.END_OF_PARTITION) {
                        readers.clearAll();
                        return values;
                    }
                    codec.readRecord(in, tag, record);
                    values.add((byte[]) record.getValue());
                }
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void aProducerThatNeverAppearsFailsTheConsumerAfterTheRequestTimeout() throws Exception {
        Configuration config = new Configuration();
        config.setString("taskmanager.network.partition-request-timeout", "500 ms");
        config.setString("taskmanager.network.request-backoff.initial", "10 ms");
        config.setString("taskmanager.network.request-backoff.max", "50 ms");
        try (NetworkEnvironment impatient = NetworkEnvironment.start(NetworkSettings.fromConfiguration(config),
                "impatient-tm", "127.0.0.1", "127.0.0.1")) {
            ResultPartitionId missing = new ResultPartitionId(UUID.randomUUID(), 0);
            for (String producerTm : List.of("producer-tm", "impatient-tm")) { // remote, then local
                TaskNetwork consumer = impatient.createTaskNetwork("consumer", "slot", List.of(), List.of(
                        new InputGateDeploymentDescriptor(List.of(new InputChannelDeploymentDescriptor(missing, 0,
                                producerTm, producerTm.equals("producer-tm") ? producerSide.address()
                                        : impatient.address())))));
                consumer.gate().requestPartitions();
                Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> readAll(consumer));
                assertTrue(e.getMessage().contains("did not start") && e.getMessage().contains(
                        "taskmanager.network.partition-request-timeout"), e.getMessage());
                consumer.release(e);
            }
        }
    }

    @Test
    void aRestartedTaskReleasesPartitionsOfEarlierAttemptsInItsSlot() throws Exception {
        ResultPartitionId old = new ResultPartitionId(UUID.randomUUID(), 0);
        TaskNetwork first = producerSide.createTaskNetwork("Map (1/1)#0", "slot-7", 0,
                List.of(new ResultPartitionDeploymentDescriptor(old, 2)), List.of());
        first.release(null); // finished: its partition waits for consumers that will never come
        assertEquals(1, producerSide.partitionManager().size());
        ResultPartitionId fresh = new ResultPartitionId(UUID.randomUUID(), 0);
        producerSide.createTaskNetwork("Map (1/1)#1", "slot-7", 1,
                List.of(new ResultPartitionDeploymentDescriptor(fresh, 2)), List.of());
        assertEquals(List.of(fresh), producerSide.partitionManager().partitions().stream()
                .map(io.sluice.network.partition.ResultPartition::id).toList());
        producerSide.releasePartitionsOf("slot-7");
        assertEquals(0, producerSide.partitionManager().size());
        assertEquals(0, producerSide.bufferPool().segmentsInPools());
    }
}
