package io.sluice.network;

import com.esotericsoftware.kryo.io.Output;
import io.sluice.network.buffer.Buffer;
import io.sluice.network.buffer.LocalBufferPool;
import io.sluice.network.partition.ResultPartition;
import io.sluice.network.partitioner.StreamPartitioner;
import io.sluice.network.serialization.StreamElementCodec;

/**
 * Serializes stream elements into the buffers of a {@link ResultPartition}. Each element is encoded
 * once into a scratch area and copied into the current buffer of its channel(s); a full buffer goes
 * to its subpartition at once, a partial one when {@link #flushAll()} is called (buffer timeout) or
 * after every element when the timeout is 0. When the partition's pool has no free buffer, the
 * writer waits: that is how backpressure reaches the producing task. Used by the task thread only.
 */
public final class RecordWriter<T> {

    private final ResultPartition partition;
    private final StreamPartitioner<T> partitioner;
    private final StreamElementCodec codec;
    private final LocalBufferPool pool;
    private final Buffer[] current;
    private final int numberOfChannels;
    private final boolean flushAlways;
    private final Output scratch = new Output(1024, -1);
    private long recordsOut;

    public RecordWriter(ResultPartition partition, StreamPartitioner<T> partitioner, StreamElementCodec codec,
                        int producerIndex, boolean flushAlways) {
        this.partition = partition;
        this.partitioner = partitioner;
        this.codec = codec;
        this.pool = partition.bufferPool();
        this.numberOfChannels = partition.numberOfSubpartitions();
        this.current = new Buffer[numberOfChannels];
        this.flushAlways = flushAlways;
        partitioner.setup(numberOfChannels, producerIndex);
    }

    public void emit(StreamRecord<T> record) throws InterruptedException {
        scratch.reset();
        codec.writeRecord(scratch, record);
        recordsOut++;
        if (partitioner.isBroadcast()) {
            for (int ch = 0; ch < numberOfChannels; ch++) {
                copyToChannel(ch);
            }
        } else {
            int channel;
            try {
                channel = numberOfChannels == 1 ? 0 : partitioner.selectChannel(record.getValue());
            } catch (io.sluice.network.partitioner.KeyGroupStreamPartitioner.KeySelectorException e) {
                throw sneaky(e.getCause());
            }
            copyToChannel(channel);
            if (flushAlways) {
                flush(channel);
            }
            return;
        }
        if (flushAlways) {
            flushAll();
        }
    }

    /** Writes an event (watermark, barrier, end of partition) to every channel and flushes, so it is not delayed. */
    public void broadcastEvent(byte tag, long a, long b, int longs) throws InterruptedException {
        scratch.reset();
        scratch.writeByte(tag);
        if (longs > 0) {
            scratch.writeLong(a);
        }
        if (longs > 1) {
            scratch.writeLong(b);
        }
        for (int ch = 0; ch < numberOfChannels; ch++) {
            copyToChannel(ch);
        }
        flushAll();
    }

    public void broadcastWatermark(long timestamp) throws InterruptedException {
        broadcastEvent(StreamElementCodec.WATERMARK, timestamp, 0, 1);
    }

    /** Writes end-of-partition to every channel, hands over all buffers and marks the partition finished. */
    public void finish() throws InterruptedException {
        broadcastEvent(StreamElementCodec.END_OF_PARTITION, 0, 0, 0);
        partition.finish();
    }

    private void copyToChannel(int channel) throws InterruptedException {
        byte[] data = scratch.getBuffer();
        int length = scratch.position();
        Buffer buffer = current[channel];
        if (buffer == null) {
            buffer = current[channel] = pool.requestBufferBlocking();
        }
        byte[] memory = buffer.memory();
        int pos = buffer.size();
        // fast path: header and element fit into the current buffer
        if (memory.length - pos >= length + 4) {
            memory[pos] = (byte) (length >>> 24);
            memory[pos + 1] = (byte) (length >>> 16);
            memory[pos + 2] = (byte) (length >>> 8);
            memory[pos + 3] = (byte) length;
            System.arraycopy(data, 0, memory, pos + 4, length);
            pos += length + 4;
            buffer.setSize(pos);
            if (pos == memory.length) {
                partition.add(channel, buffer);
                current[channel] = null;
            }
            return;
        }
        // slow path: the element spans buffers (the header too, possibly)
        byte[] header = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
        write(channel, header, 0, 4);
        write(channel, data, 0, length);
    }

    private void write(int channel, byte[] data, int offset, int length) throws InterruptedException {
        while (length > 0) {
            Buffer buffer = current[channel];
            if (buffer == null) {
                buffer = current[channel] = pool.requestBufferBlocking();
            }
            int pos = buffer.size();
            int n = Math.min(length, buffer.capacity() - pos);
            System.arraycopy(data, offset, buffer.memory(), pos, n);
            buffer.setSize(pos + n);
            offset += n;
            length -= n;
            if (buffer.size() == buffer.capacity()) {
                partition.add(channel, buffer);
                current[channel] = null;
            }
        }
    }

    private void flush(int channel) {
        Buffer buffer = current[channel];
        if (buffer != null && buffer.size() > 0) {
            partition.add(channel, buffer);
            current[channel] = null;
        }
    }

    /** Hands every partly filled buffer to its consumer (buffer timeout, events, end of input). */
    public void flushAll() {
        for (int ch = 0; ch < numberOfChannels; ch++) {
            flush(ch);
        }
    }

    /** Drops partly filled buffers (failure or cancellation). */
    public void close() {
        for (int ch = 0; ch < numberOfChannels; ch++) {
            if (current[ch] != null) {
                current[ch].recycle();
                current[ch] = null;
            }
        }
    }

    public long recordsOut() {
        return recordsOut;
    }

    public ResultPartition partition() {
        return partition;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
