package io.sluice.network.partition;

import java.io.IOException;

/** The producer of a partition is not running (yet) on the TaskManager that was asked for it. */
public final class PartitionNotFoundException extends IOException {
    private static final long serialVersionUID = 1L;

    public PartitionNotFoundException(ResultPartitionId id) {
        super("result partition " + id + " is not (yet) registered");
    }
}
