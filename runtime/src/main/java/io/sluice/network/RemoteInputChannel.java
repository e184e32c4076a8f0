package io.sluice.network;

import io.netty.buffer.ByteBuf;
import io.sluice.network.buffer.Buffer;
import io.sluice.network.buffer.BufferListener;
import io.sluice.network.buffer.LocalBufferPool;
import io.sluice.network.netty.NettyClient;
import io.sluice.network.netty.PartitionRequestClient;
import io.sluice.network.netty.RemoteReceiver;
import io.sluice.network.partition.PartitionNotFoundException;
import io.sluice.network.partition.ProducerFailedException;
import io.sluice.network.partition.ResultPartitionId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.UUID;

/**
 * Reads a subpartition of another TaskManager over TCP with credit-based flow control. The channel
 * owns {@code exclusive} buffers; each free buffer is one credit, announced to the producer, which
 * sends only while it has credit. When the producer reports a backlog larger than the free buffers,
 * the channel asks the gate's pool for floating buffers (shared by all channels of the task) and
 * announces them too. Received data is copied once, from the socket into one of these buffers.
 */
public final class RemoteInputChannel extends InputChannel implements RemoteReceiver, BufferListener {

    private final UUID receiverId = UUID.randomUUID();
    private final NettyClient client;
    private final InetSocketAddress producerAddress;
    private final ResultPartitionId partitionId;
    private final int subpartition;
    private final LocalBufferPool pool;
    private final int exclusive;
    private final RetryBackoff backoff;

    // guarded by this
    private final ArrayDeque<Buffer> received = new ArrayDeque<>();
    private final ArrayDeque<byte[]> freeExclusive = new ArrayDeque<>();
    private final ArrayDeque<Buffer> freeFloating = new ArrayDeque<>();
    private int backlog;
    private int unannouncedCredit;
    private boolean waitingForFloating;
    private boolean released;
    private Exception failure;
    private volatile PartitionRequestClient connection;

    public RemoteInputChannel(InputGate gate, int channelIndex, NettyClient client, InetSocketAddress producerAddress,
                              ResultPartitionId partitionId, int subpartition, LocalBufferPool pool, int exclusive,
                              RetryBackoff backoff) {
        super(gate, channelIndex);
        this.client = client;
        this.producerAddress = producerAddress;
        this.partitionId = partitionId;
        this.subpartition = subpartition;
        this.pool = pool;
        this.exclusive = exclusive;
        this.backoff = backoff;
    }

    /** Takes the exclusive buffers from the gate's pool (which reserved them as its minimum). */
    void assignExclusiveBuffers() {
        for (int i = 0; i < exclusive; i++) {
            Buffer b = pool.requestBuffer();
            if (b == null) {
                throw new IllegalStateException("the input pool has fewer buffers than its channels' exclusive share");
            }
            freeExclusive.add(b.memory());
        }
    }

    @Override
    public UUID receiverId() {
        return receiverId;
    }

    @Override
    public void requestPartition() {
        client.connect(producerAddress).whenComplete((c, error) -> {
            if (error != null) {
                fail(error instanceof Exception e ? e : new IOException(error));
                return;
            }
            int credit;
            synchronized (this) {
                if (released) {
                    return;
                }
                connection = c;
                // everything free now is announced with the request itself
                credit = freeExclusive.size() + freeFloating.size();
                unannouncedCredit = 0;
            }
            c.requestPartition(this, partitionId, subpartition, credit);
        });
    }

    @Override
    public void onPartitionNotFound() {
        long delay = backoff.nextDelayMillis();
        if (delay < 0) {
            fail(new IOException("cannot read partition " + partitionId + " from " + producerAddress
                    + ": its producer did not start within " + backoff.deadlineDescription(),
                    new PartitionNotFoundException(partitionId)));
            return;
        }
        PartitionRequestClient c = connection;
        c.schedule(this::requestPartition, delay);
    }

    @Override
    public void onBuffer(ByteBuf data, int size, int newBacklog) {
        boolean wasEmpty;
        synchronized (this) {
            if (released) {
                return;
            }
            Buffer target;
            byte[] segment = freeExclusive.poll();
            if (segment != null) {
                target = new Buffer(segment, this::recycleExclusive);
            } else {
                target = freeFloating.poll();
            }
            if (target == null) {
                failure = new IOException("protocol error: producer " + producerAddress + " sent a buffer without credit");
                wasEmpty = true;
            } else if (size > target.capacity()) {
                target.recycle();
                failure = new IOException("the TaskManager at " + producerAddress + " sent a buffer of " + size
                        + " bytes, larger than this TaskManager's buffers (" + target.capacity() + " bytes): "
                        + "set taskmanager.network.memory.buffer-size to the same value on all TaskManagers");
                wasEmpty = true;
            } else {
                data.readBytes(target.memory(), 0, size);
                target.setSize(size);
                wasEmpty = received.isEmpty();
                received.add(target);
                backlog = newBacklog;
            }
        }
        requestFloatingBuffers();
        if (wasEmpty) {
            notifyAvailable();
        }
    }

    /** Asks the pool for floating buffers while the producer's backlog exceeds what this channel has free. */
    private void requestFloatingBuffers() {
        boolean announce = false;
        synchronized (this) {
            while (!released && !waitingForFloating && freeExclusive.size() + freeFloating.size() < backlog) {
                Buffer b = pool.requestBuffer();
                if (b != null) {
                    freeFloating.add(b);
                    announce |= addCredit();
                } else if (pool.addBufferListener(this)) {
                    waitingForFloating = true;
                }
            }
        }
        if (announce) {
            announce();
        }
    }

    @Override
    public boolean notifyBufferAvailable(Buffer buffer) {
        boolean announce;
        synchronized (this) {
            waitingForFloating = false;
            if (released || freeExclusive.size() + freeFloating.size() >= backlog) {
                return false;
            }
            freeFloating.add(buffer);
            announce = addCredit();
        }
        if (announce) {
            announce();
        }
        requestFloatingBuffers();
        return true;
    }

    private void recycleExclusive(byte[] segment) {
        boolean announce;
        synchronized (this) {
            if (released) {
                pool.recycle(segment);
                return;
            }
            freeExclusive.add(segment);
            announce = addCredit();
        }
        if (announce) {
            announce();
        }
    }

    /** Counts one more free buffer; returns true if an announcement must be scheduled (none pending). */
    private boolean addCredit() {
        if (connection == null) {
            return false; // announced with the partition request
        }
        return unannouncedCredit++ == 0;
    }

    private void announce() {
        PartitionRequestClient c = connection;
        if (c != null) {
            c.announceCredit(this);
        }
    }

    @Override
    public synchronized int takeUnannouncedCredit() {
        int credit = unannouncedCredit;
        unannouncedCredit = 0;
        return credit;
    }

    @Override
    public void onProducerFailure(Throwable cause) {
        fail(new ProducerFailedException("the producer of partition " + partitionId + " at " + producerAddress
                + " failed: " + cause.getMessage(), cause));
    }

    @Override
    public void onConnectionLost(Throwable cause) {
        fail(cause instanceof Exception e ? e : new IOException(cause));
    }

    private void fail(Exception cause) {
        synchronized (this) {
            if (released || failure != null) {
                return;
            }
            failure = cause;
        }
        notifyAvailable();
    }

    @Override
    public Buffer pollBuffer() throws Exception {
        synchronized (this) {
            Buffer b = received.poll();
            if (b != null) {
                return b;
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        }
    }

    @Override
    public synchronized boolean isAvailable() {
        return !received.isEmpty() || failure != null;
    }

    @Override
    public void release() {
        PartitionRequestClient c;
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
            Buffer b;
            while ((b = received.poll()) != null) {
                b.recycle();
            }
            byte[] segment;
            while ((segment = freeExclusive.poll()) != null) {
                pool.recycle(segment);
            }
            while ((b = freeFloating.poll()) != null) {
                b.recycle();
            }
            c = connection;
        }
        if (c != null) {
            c.cancel(receiverId);
        }
    }
}
