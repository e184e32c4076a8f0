package io.sluice.network;

import io.sluice.network.buffer.Buffer;
import io.sluice.network.partition.PartitionNotFoundException;
import io.sluice.network.partition.ResultPartitionId;
import io.sluice.network.partition.ResultPartitionManager;
import io.sluice.network.partition.ResultSubpartition;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Reads a subpartition produced in the same TaskManager: the producer's buffers are handed over, not copied. */
public final class LocalInputChannel extends InputChannel {

    private final ResultPartitionManager partitions;
    private final ResultPartitionId partitionId;
    private final int subpartition;
    private final ScheduledExecutorService timers;
    private final RetryBackoff backoff;
    private volatile ResultSubpartition view;
    private volatile Exception failure;
    private volatile boolean released;

    public LocalInputChannel(InputGate gate, int channelIndex, ResultPartitionManager partitions,
                             ResultPartitionId partitionId, int subpartition, ScheduledExecutorService timers,
                             RetryBackoff backoff) {
        super(gate, channelIndex);
        this.partitions = partitions;
        this.partitionId = partitionId;
        this.subpartition = subpartition;
        this.timers = timers;
        this.backoff = backoff;
    }

    @Override
    public void requestPartition() {
        if (released) {
            return;
        }
        try {
            view = partitions.createView(partitionId, subpartition, this::notifyAvailable);
            if (view.isAvailable()) {
                notifyAvailable();
            }
        } catch (PartitionNotFoundException e) {
            long delay = backoff.nextDelayMillis();
            if (delay < 0) {
                fail(new PartitionNotFoundException(partitionId), "its producer did not start in this TaskManager within "
                        + backoff.deadlineDescription());
            } else {
                timers.schedule(this::requestPartition, delay, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            fail(e, e.getMessage());
        }
    }

    private void fail(Exception cause, String why) {
        failure = new java.io.IOException("cannot read partition " + partitionId + ": " + why, cause);
        notifyAvailable();
    }

    @Override
    public Buffer pollBuffer() throws Exception {
        if (failure != null) {
            throw failure;
        }
        ResultSubpartition v = view;
        return v == null ? null : v.poll();
    }

    @Override
    public boolean isAvailable() {
        ResultSubpartition v = view;
        return failure != null || v != null && v.isAvailable();
    }

    @Override
    public void release() {
        released = true;
        ResultSubpartition v = view;
        if (v != null) {
            view = null;
            v.releaseView();
        }
    }
}
