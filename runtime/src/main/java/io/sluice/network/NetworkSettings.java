package io.sluice.network;

import io.sluice.config.Configuration;
import io.sluice.config.NetworkOptions;
import java.time.Duration;

/** The network stack's settings of one TaskManager, resolved from its configuration. */
public record NetworkSettings(
        int dataPort,
        int numberOfBuffers,
        int bufferSize,
        int buffersPerChannel,
        int floatingBuffersPerGate,
        int nettyThreads,
        Duration requestBackoffInitial,
        Duration requestBackoffMax,
        Duration partitionRequestTimeout) {

    public static NetworkSettings fromConfiguration(Configuration config) {
        return new NetworkSettings(config.get(NetworkOptions.DATA_PORT), config.get(NetworkOptions.NETWORK_BUFFERS),
                (int) config.get(NetworkOptions.BUFFER_SIZE).getBytes(), config.get(NetworkOptions.BUFFERS_PER_CHANNEL),
                config.get(NetworkOptions.FLOATING_BUFFERS_PER_GATE), config.get(NetworkOptions.NETTY_THREADS),
                config.get(NetworkOptions.REQUEST_BACKOFF_INITIAL), config.get(NetworkOptions.REQUEST_BACKOFF_MAX),
                config.get(NetworkOptions.PARTITION_REQUEST_TIMEOUT));
    }

    public static NetworkSettings defaults() {
        return fromConfiguration(new Configuration());
    }

    public RetryBackoff newBackoff() {
        return new RetryBackoff(requestBackoffInitial, requestBackoffMax, partitionRequestTimeout);
    }
}
