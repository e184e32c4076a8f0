package io.sluice.network.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.sluice.rpc.SerializedThrowable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.UUID;

/**
 * The wire format between TaskManagers. Every frame is {@code [int length][byte type][body]}.
 * Consumer to producer: PARTITION_REQUEST (with the initial credit), ADD_CREDIT, CANCEL.
 * Producer to consumer: BUFFER (with the backlog, so the consumer can ask for floating buffers),
 * ERROR (partition not found yet, or the producer's failure).
 */
final class NettyProtocol {

    static final byte PARTITION_REQUEST = 1;
    static final byte ADD_CREDIT = 2;
    static final byte CANCEL = 3;
    static final byte BUFFER = 4;
    static final byte ERROR = 5;

    /** Header of a BUFFER frame after the length: type, receiver (16), backlog, size. */
    static final int BUFFER_HEADER = 1 + 16 + 4 + 4;

    private NettyProtocol() {}

    static LengthFieldBasedFrameDecoder frameDecoder(int segmentSize) {
        return new LengthFieldBasedFrameDecoder(segmentSize + 1024 * 1024, 0, 4, 0, 4);
    }

    static ByteBuf frame(ByteBufAllocator alloc, byte type, int bodyLength) {
        ByteBuf buf = alloc.buffer(4 + 1 + bodyLength);
        buf.writeInt(1 + bodyLength);
        buf.writeByte(type);
        return buf;
    }

    static void writeUuid(ByteBuf buf, UUID id) {
        buf.writeLong(id.getMostSignificantBits());
        buf.writeLong(id.getLeastSignificantBits());
    }

    static UUID readUuid(ByteBuf buf) {
        return new UUID(buf.readLong(), buf.readLong());
    }

    static byte[] serializeFailure(Throwable t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(SerializedThrowable.of(t));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize " + t, e);
        }
        return bytes.toByteArray();
    }

    static Throwable deserializeFailure(byte[] data) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            in.setObjectInputFilter(info -> {
                Class<?> c = info.serialClass();
                if (c == null || c.isArray() || c.isPrimitive() || c.getName().startsWith("java.")
                        || c == SerializedThrowable.class) {
                    return java.io.ObjectInputFilter.Status.UNDECIDED;
                }
                return java.io.ObjectInputFilter.Status.REJECTED;
            });
            return (Throwable) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            return new IOException("the producer failed; its failure could not be read: " + e);
        }
    }
}
