package io.sluice.taskexecutor;

import io.sluice.common.AllocationId;
import io.sluice.leader.LeaderInfo;
import io.sluice.protocol.ResourceManagerProtocol;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TaskExecutor's link to the ResourceManager leader: registers with exponential backoff until
 * accepted (or gives up after the registration timeout, which is fatal), and re-registers when the
 * leader changes or goes silent. Runs on the TaskExecutor's main thread.
 */
final class ResourceManagerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceManagerConnection.class);

    private final TaskExecutor owner;
    private final RpcService rpc;
    private final TaskExecutorSettings settings;

    private LeaderInfo leader;
    private RpcRef<ResourceManagerProtocol> ref;
    private boolean registered;
    /** A registration ask to the current leader is under way. */
    private boolean registering;
    /** Bumped on every new attempt series, so callbacks of abandoned attempts are ignored. */
    private long generation;
    private long firstAttemptNanos;

    ResourceManagerConnection(TaskExecutor owner, RpcService rpc, TaskExecutorSettings settings) {
        this.owner = owner;
        this.rpc = rpc;
        this.settings = settings;
    }

    LeaderInfo leader() {
        return leader;
    }

    boolean isRegisteredWith(UUID token) {
        return registered && leader != null && leader.token().equals(token);
    }

    /**
     * Whether a slot request from this ResourceManager is served: once registered with it, and also
     * while the registration's answer is on its way. A leader asks for slots as soon as it accepts a
     * registration, and that request can reach this main thread before the accepted answer does.
     */
    boolean servesSlotRequestsOf(UUID token) {
        return (registered || registering) && leader != null && leader.token().equals(token);
    }

    void connect(LeaderInfo newLeader) {
        leader = newLeader;
        reconnect();
    }

    void reconnect() {
        registered = false;
        registering = false;
        ref = null;
        generation++;
        firstAttemptNanos = System.nanoTime();
        attempt(generation, settings.registrationInitialBackoff());
    }

    private void attempt(long gen, Duration backoff) {
        if (gen != generation || leader == null) {
            return;
        }
        LeaderInfo target = leader;
        registering = true;
        rpc.connect(target.address(), target.token(), ResourceManagerProtocol.class)
                .thenCompose(r -> r.<ResourceManagerProtocol.Registration>ask(new ResourceManagerProtocol.RegisterTaskExecutor(
                                owner.resourceId(), owner.address(), settings.host(), owner.slotReport()))
                        .thenApply(reg -> {
                            if (!reg.accepted()) {
                                throw new IllegalStateException("registration declined: " + reg.declineReason());
                            }
                            return r;
                        }))
                .whenCompleteAsync((r, failure) -> {
                    if (gen != generation) {
                        return;
                    }
                    registering = false;
                    if (failure == null) {
                        ref = r;
                        registered = true;
                        owner.monitorResourceManager();
                        LOG.info("Registered at ResourceManager {}", target.address());
                        return;
                    }
                    Duration waited = Duration.ofNanos(System.nanoTime() - firstAttemptNanos);
                    if (waited.compareTo(settings.registrationTimeout()) > 0) {
                        owner.fatal(new IllegalStateException("could not register at the ResourceManager "
                                + target.address() + " within taskmanager.registration.timeout ("
                                + settings.registrationTimeout() + "): " + failure.getMessage()));
                        return;
                    }
                    LOG.info("Registration at ResourceManager {} failed ({}); retrying in {} ms", target.address(),
                            rootMessage(failure), backoff.toMillis());
                    Duration next = backoff.multipliedBy(2).compareTo(settings.registrationMaxBackoff()) > 0
                            ? settings.registrationMaxBackoff() : backoff.multipliedBy(2);
                    rpc.scheduledExecutor().schedule(() -> owner.mainThreadExecutorForConnection().execute(
                            () -> attempt(gen, next)), backoff.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }, owner.mainThreadExecutorForConnection());
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    void notifySlotFreed(int slotIndex, AllocationId allocationId) {
        if (registered && ref != null) {
            ref.tell(new ResourceManagerProtocol.SlotFreed(owner.resourceId(), slotIndex, allocationId));
        }
    }

    void disconnect(String cause) {
        if (registered && ref != null) {
            ref.tell(new ResourceManagerProtocol.DisconnectTaskExecutor(owner.resourceId(), cause));
        }
        registered = false;
        registering = false;
        generation++;
    }
}
