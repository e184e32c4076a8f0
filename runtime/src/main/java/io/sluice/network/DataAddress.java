package io.sluice.network;

import java.io.Serializable;

/** Where a TaskManager serves its partitions to others: its advertised host and data port. */
public record DataAddress(String host, int port) implements Serializable {
    @Override
    public String toString() {
        return host + ":" + port;
    }
}
