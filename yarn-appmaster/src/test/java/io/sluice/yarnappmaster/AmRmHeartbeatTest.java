package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.protocolrecords.RegisterApplicationMasterResponse;
import org.apache.hadoop.yarn.api.records.AMCommand;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.UpdateContainerRequest;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.AMRMClient.ContainerRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When heartbeats go out and what their answers turn into. The client stands in for the YARN
 * ResourceManager's allocate call only (the ITs run the real one); intervals are chosen so that
 * the idle interval (60 s) never elapses during a test: every heartbeat seen is caused by a request
 * or by pending requests.
 */
class AmRmHeartbeatTest {

    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration PENDING = Duration.ofMillis(20);

    private final ScriptedClient client = new ScriptedClient();
    private final RecordingCallbacks callbacks = new RecordingCallbacks();
    private final AtomicBoolean pending = new AtomicBoolean();
    private AmRmHeartbeat heartbeat;

    @AfterEach
    void stop() {
        if (heartbeat != null) {
            heartbeat.stop();
        }
    }

    private AmRmHeartbeat start() throws Exception {
        heartbeat = new AmRmHeartbeat(client, IDLE, PENDING, pending::get, callbacks);
        heartbeat.start();
        client.awaitAllocate();
        return heartbeat;
    }

    @Test
    void aRequestIsSentAtOnceInsteadOfAfterTheIdleInterval() throws Exception {
        start();
        heartbeat.now();
        client.awaitAllocate();
        assertEquals(2, client.allocates.get());
    }

    @Test
    void pendingRequestsKeepTheFastIntervalUntilNoneIsLeft() throws Exception {
        start();
        pending.set(true);
        heartbeat.now();
        for (int i = 0; i < 5; i++) {
            client.awaitAllocate();
        }
        pending.set(false);
        Thread.sleep(500); // a heartbeat already scheduled at the fast interval may still come
        int settled = client.allocates.get();
        Thread.sleep(500);
        assertEquals(settled, client.allocates.get(), "back to the 60 s idle interval");
    }

    @Test
    void allocatedAndCompletedContainersReachTheCallbacks() throws Exception {
        start();
        Container c = Container.newInstance(ContainerId.fromString("container_1700000000000_0001_01_000002"),
                null, "node:1", Resource.newInstance(1024, 1), Priority.newInstance(1), null);
        ContainerStatus done = ContainerStatus.newInstance(ContainerId.fromString("container_1700000000000_0001_01_000003"),
                ContainerState.COMPLETE, "gone", 137);
        client.next.add(response(List.of(c), List.of(done), null));
        heartbeat.now();
        client.awaitAllocate();
        callbacks.await(() -> callbacks.allocated.size() == 1 && callbacks.completed.size() == 1);
        assertEquals(c.getId(), callbacks.allocated.get(0).getId());
        assertEquals(137, callbacks.completed.get(0).getExitStatus());
    }

    @Test
    void shutdownCommandEndsTheHeartbeats() throws Exception {
        start();
        client.next.add(response(List.of(), List.of(), AMCommand.AM_SHUTDOWN));
        heartbeat.now();
        client.awaitAllocate();
        callbacks.await(() -> callbacks.shutdowns.get() == 1);
        pending.set(true);
        heartbeat.now();
        Thread.sleep(300);
        assertEquals(2, client.allocates.get(), "no heartbeat after the shutdown request");
    }

    @Test
    void aFailedHeartbeatIsReportedOnceAndEndsTheHeartbeats() throws Exception {
        start();
        client.failNext.set(true);
        heartbeat.now();
        client.awaitAllocate();
        callbacks.await(() -> callbacks.errors.size() == 1);
        assertTrue(callbacks.errors.get(0) instanceof IOException);
        heartbeat.now();
        Thread.sleep(300);
        assertEquals(2, client.allocates.get());
        assertEquals(1, callbacks.errors.size());
    }

    @Test
    void noHeartbeatAfterUnregistering() throws Exception {
        start();
        heartbeat.unregister(FinalApplicationStatus.SUCCEEDED, "done", "http://am:1/");
        assertEquals(FinalApplicationStatus.SUCCEEDED, client.unregistered);
        pending.set(true);
        heartbeat.now();
        Thread.sleep(300);
        assertEquals(1, client.allocates.get());
    }

    private static AllocateResponse response(List<Container> allocated, List<ContainerStatus> completed, AMCommand command) {
        return AllocateResponse.newInstance(1, completed, allocated, List.of(), Resource.newInstance(0, 0), command, 1,
                null, List.of());
    }

    /** Answers allocate with the scripted responses (empty ones by default) and counts the calls. */
    private static final class ScriptedClient extends AMRMClient<ContainerRequest> {
        final AtomicInteger allocates = new AtomicInteger();
        final LinkedBlockingQueue<Integer> calls = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<AllocateResponse> next = new LinkedBlockingQueue<>();
        final AtomicBoolean failNext = new AtomicBoolean();
        volatile FinalApplicationStatus unregistered;

        ScriptedClient() {
            super("scripted");
        }

        void awaitAllocate() throws InterruptedException {
            assertTrue(calls.poll(10, TimeUnit.SECONDS) != null, "no heartbeat");
        }

        @Override
        public AllocateResponse allocate(float progress) throws IOException {
            int n = allocates.incrementAndGet();
            try {
                if (failNext.getAndSet(false)) {
                    throw new IOException("ResourceManager gone");
                }
                AllocateResponse r = next.poll();
                return r != null ? r : response(List.of(), List.of(), null);
            } finally {
                calls.add(n); // last: a test that wakes up on it must not change what this call answers
            }
        }

        @Override
        public void unregisterApplicationMaster(FinalApplicationStatus status, String message, String url) {
            unregistered = status;
        }

        @Override
        public RegisterApplicationMasterResponse registerApplicationMaster(String host, int port, String url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addContainerRequest(ContainerRequest req) {}

        @Override
        public void removeContainerRequest(ContainerRequest req) {}

        @Override
        public void requestContainerUpdate(Container container, UpdateContainerRequest request) {}

        @Override
        public void releaseAssignedContainer(ContainerId id) {}

        @Override
        public Resource getAvailableResources() {
            return null;
        }

        @Override
        public int getClusterNodeCount() {
            return 1;
        }

        @Override
        public List<? extends Collection<ContainerRequest>> getMatchingRequests(Priority p, String name, Resource r) {
            return List.of();
        }

        @Override
        public Collection<ContainerRequest> getMatchingRequests(long id) {
            return List.of();
        }

        @Override
        public void updateBlacklist(List<String> add, List<String> remove) {}
    }

    private static final class RecordingCallbacks implements AmRmHeartbeat.Callbacks {
        final List<Container> allocated = new CopyOnWriteArrayList<>();
        final List<ContainerStatus> completed = new CopyOnWriteArrayList<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final AtomicInteger shutdowns = new AtomicInteger();

        @Override
        public void onContainersCompleted(List<ContainerStatus> statuses) {
            completed.addAll(new ArrayList<>(statuses));
        }

        @Override
        public void onContainersAllocated(List<Container> containers) {
            allocated.addAll(new ArrayList<>(containers));
        }

        @Override
        public void onShutdownRequest() {
            shutdowns.incrementAndGet();
        }

        @Override
        public void onError(Throwable cause) {
            errors.add(cause);
        }

        void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!condition.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "condition not met");
                Thread.sleep(10);
            }
        }
    }
}
