package io.sluice.network;

import com.esotericsoftware.kryo.io.Output;
import io.sluice.network.buffer.Buffer;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.network.serialization.ValueSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An input channel whose buffers a test hands in, with the exact element boundaries it wants (several
 * elements per buffer, a barrier in the middle of one); it behaves towards its {@link InputGate} as
 * the real channels do (availability notices, blocking, release). Buffers may be added from any thread.
 */
public final class QueueInputChannel extends InputChannel {

    private final ConcurrentLinkedQueue<Buffer> buffers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger recycled = new AtomicInteger();
    private volatile boolean released;

    private QueueInputChannel(InputGate gate, int channelIndex) {
        super(gate, channelIndex);
    }

    /** A gate with {@code n} such channels (all of one logical input). */
    public static InputGate gate(String owner, int n, List<QueueInputChannel> channels) {
        InputGate gate = new InputGate(owner, null);
        for (int i = 0; i < n; i++) {
            QueueInputChannel channel = new QueueInputChannel(gate, i);
            gate.addChannel(channel);
            channels.add(channel);
        }
        return gate;
    }

    /** Hands in one buffer holding {@code elements}, in order. */
    public void add(Elements elements) {
        byte[] data = elements.bytes();
        Buffer buffer = new Buffer(data, segment -> recycled.incrementAndGet());
        buffer.setSize(data.length);
        buffers.add(buffer);
        notifyAvailable();
    }

    @Override
    public void requestPartition() {
        if (!buffers.isEmpty()) {
            notifyAvailable();
        }
    }

    @Override
    public Buffer pollBuffer() {
        return released ? null : buffers.poll();
    }

    @Override
    public boolean isAvailable() {
        return !released && !buffers.isEmpty();
    }

    @Override
    public void release() {
        released = true;
    }

    public boolean isReleased() {
        return released;
    }

    /** Buffers the reader finished with. */
    public int recycledBuffers() {
        return recycled.get();
    }

    /** Stream elements encoded as a channel carries them: {@code [int length][tag][payload]} each. */
    public static final class Elements {
        private final StreamElementCodec codec = new StreamElementCodec(
                new ValueSerializer(Elements.class.getClassLoader(), List.of()));
        private final List<byte[]> encoded = new ArrayList<>();

        public static Elements of() {
            return new Elements();
        }

        public Elements records(Object... values) {
            for (Object v : values) {
                Output out = new Output(64, -1);
                codec.writeRecord(out, new StreamRecord<>(v));
                encoded.add(out.toBytes());
            }
            return this;
        }

        public Elements barrier(long checkpointId) {
            Output out = new Output(17);
            out.writeByte(StreamElementCodec.CHECKPOINT_BARRIER);
            out.writeLong(checkpointId);
            out.writeLong(1_000 + checkpointId);
            encoded.add(out.toBytes());
            return this;
        }

        public Elements endOfPartition() {
            encoded.add(new byte[] {StreamElementCodec.END_OF_PARTITION});
            return this;
        }

        byte[] bytes() {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] element : encoded) {
                int n = element.length; // the length header is big endian (RecordWriter writes it by hand)
                out.write(n >>> 24);
                out.write(n >>> 16);
                out.write(n >>> 8);
                out.write(n);
                out.writeBytes(element);
            }
            return out.toByteArray();
        }
    }
}
