package io.sluice.network;

import io.sluice.network.buffer.LocalBufferPool;
import io.sluice.network.buffer.NetworkBufferPool;
import io.sluice.network.netty.NettyClient;
import io.sluice.network.netty.NettyServer;
import io.sluice.network.partition.ResultPartition;
import io.sluice.network.partition.ResultPartitionManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network stack of one TaskManager: its network memory, the partitions its tasks produce, the
 * data server other TaskManagers read them from, and the client its tasks read remote partitions
 * with. Creates each task's partitions and input gate from its deployment descriptor.
 */
public final class NetworkEnvironment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NetworkEnvironment.class);

    private final NetworkSettings settings;
    private final String resourceId;
    private final NetworkBufferPool bufferPool;
    private final ResultPartitionManager partitions = new ResultPartitionManager();
    private final NettyServer server;
    private final NettyClient client;
    private final ScheduledExecutorService timers;
    private final DataAddress address;
    /** A partition and the execution attempt number of the task that produced it. */
    private record Owned(ResultPartition partition, int attemptNumber) {}

    /** Partitions by the owner (slot allocation) whose release frees them. */
    private final Map<Object, List<Owned>> byOwner = new ConcurrentHashMap<>();

    private NetworkEnvironment(NetworkSettings settings, String resourceId, String bindHost, String advertisedHost)
            throws IOException {
        this.settings = settings;
        this.resourceId = resourceId;
        this.bufferPool = new NetworkBufferPool(settings.numberOfBuffers(), settings.bufferSize());
        try {
            this.server = new NettyServer(bindHost, settings.dataPort(), settings.nettyThreads(), partitions,
                    settings.bufferSize());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the data server", e);
        } catch (RuntimeException e) {
            throw new IOException("cannot start the data server on " + bindHost + ":" + settings.dataPort()
                    + " (taskmanager.data.port): " + e, e);
        }
        this.client = new NettyClient(settings.nettyThreads(), settings.bufferSize(), 10_000);
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-network-timer");
            t.setDaemon(true);
            return t;
        });
        this.address = new DataAddress(advertisedHost, server.port());
        LOG.info("Network of TaskManager {}: data port {}, {} buffers of {} bytes", resourceId, server.port(),
                settings.numberOfBuffers(), settings.bufferSize());
    }

    /** Starts the data server on {@code bindHost} (port from the settings; 0 = any). */
    public static NetworkEnvironment start(NetworkSettings settings, String resourceId, String bindHost,
                                           String advertisedHost) throws IOException {
        return new NetworkEnvironment(settings, resourceId, bindHost, advertisedHost);
    }

    public DataAddress address() {
        return address;
    }

    public NetworkBufferPool bufferPool() {
        return bufferPool;
    }

    public ResultPartitionManager partitionManager() {
        return partitions;
    }

    public NetworkSettings settings() {
        return settings;
    }

    /**
     * Creates and registers the partitions a task produces and the input gate it reads, and starts
     * requesting the producers' partitions. {@code owner} (the slot) releases leftover partitions.
     */
    public TaskNetwork createTaskNetwork(String taskName, Object owner,
                                         List<ResultPartitionDeploymentDescriptor> produced,
                                         List<InputGateDeploymentDescriptor> inputs) throws IOException {
        return createTaskNetwork(taskName, owner, 0, produced, inputs);
    }

    /**
     * As above, for execution attempt {@code attemptNumber} of the job. A restart runs every task as
     * a new attempt, so partitions of earlier attempts in the same slot are stale (finished producers
     * whose consumers were cancelled before reading everything): they are released here.
     */
    public TaskNetwork createTaskNetwork(String taskName, Object owner, int attemptNumber,
                                         List<ResultPartitionDeploymentDescriptor> produced,
                                         List<InputGateDeploymentDescriptor> inputs) throws IOException {
        releaseEarlierAttempts(owner, attemptNumber);
        List<ResultPartition> created = new ArrayList<>();
        InputGate gate = null;
        try {
            for (ResultPartitionDeploymentDescriptor d : produced) {
                int n = d.numberOfSubpartitions();
                LocalBufferPool pool = bufferPool.createLocalPool(n + 1,
                        n * settings.buffersPerChannel() + settings.floatingBuffersPerGate() + 1,
                        "the output " + d.id().resultIndex() + " of " + taskName);
                List<Owned> ownerList = byOwner.computeIfAbsent(owner, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
                Owned[] holder = new Owned[1];
                ResultPartition partition = new ResultPartition(d.id(), taskName, n, pool, () -> {
                    partitions.unregister(d.id());
                    ownerList.remove(holder[0]);
                });
                holder[0] = new Owned(partition, attemptNumber);
                partitions.register(partition);
                ownerList.add(holder[0]);
                created.add(partition);
            }
            int[] gateOfChannel = inputs.stream().mapToInt(g -> g.channels().size()).toArray();
            if (!inputs.isEmpty()) {
                gate = createGate(taskName, inputs);
            }
            return new TaskNetwork(created, gate, channelGates(gateOfChannel));
        } catch (IOException | RuntimeException e) {
            created.forEach(p -> p.fail(e));
            if (gate != null) {
                gate.release();
            }
            throw e;
        }
    }

    private static int[] channelGates(int[] channelsPerGate) {
        int total = 0;
        for (int c : channelsPerGate) {
            total += c;
        }
        int[] gates = new int[total];
        int i = 0;
        for (int g = 0; g < channelsPerGate.length; g++) {
            for (int c = 0; c < channelsPerGate[g]; c++) {
                gates[i++] = g;
            }
        }
        return gates;
    }

    private InputGate createGate(String taskName, List<InputGateDeploymentDescriptor> inputs) throws IOException {
        int remote = 0;
        for (InputGateDeploymentDescriptor g : inputs) {
            for (InputChannelDeploymentDescriptor c : g.channels()) {
                remote += isLocal(c) ? 0 : 1;
            }
        }
        LocalBufferPool pool = remote == 0 ? null : bufferPool.createLocalPool(remote * settings.buffersPerChannel(),
                remote * settings.buffersPerChannel() + settings.floatingBuffersPerGate(), "the input of " + taskName);
        InputGate gate = new InputGate(taskName, pool);
        int index = 0;
        for (InputGateDeploymentDescriptor g : inputs) {
            for (InputChannelDeploymentDescriptor c : g.channels()) {
                InputChannel channel;
                if (isLocal(c)) {
                    channel = new LocalInputChannel(gate, index, partitions, c.partitionId(), c.subpartition(), timers,
                            settings.newBackoff());
                } else {
                    RemoteInputChannel r = new RemoteInputChannel(gate, index, client,
                            new InetSocketAddress(c.producerAddress().host(), c.producerAddress().port()),
                            c.partitionId(), c.subpartition(), pool, settings.buffersPerChannel(), settings.newBackoff());
                    r.assignExclusiveBuffers();
                    channel = r;
                }
                gate.addChannel(channel);
                index++;
            }
        }
        return gate;
    }

    private boolean isLocal(InputChannelDeploymentDescriptor c) {
        return resourceId.equals(c.producerResourceId());
    }

    /** Releases the partitions produced in {@code owner}'s slot (the slot was freed). */
    public void releasePartitionsOf(Object owner) {
        List<Owned> owned = byOwner.remove(owner);
        if (owned != null) {
            new ArrayList<>(owned).forEach(o -> o.partition().release());
        }
    }

    private void releaseEarlierAttempts(Object owner, int attemptNumber) {
        List<Owned> owned = byOwner.get(owner);
        if (owned != null) {
            for (Owned o : new ArrayList<>(owned)) {
                if (o.attemptNumber() < attemptNumber) {
                    LOG.debug("Releasing partition {} of attempt {}", o.partition().id(), o.attemptNumber());
                    o.partition().release();
                }
            }
        }
    }

    @Override
    public void close() {
        partitions.releaseAll();
        server.close();
        client.close();
        timers.shutdownNow();
    }
}
