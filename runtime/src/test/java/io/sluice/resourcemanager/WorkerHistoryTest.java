package io.sluice.resourcemanager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.common.ResourceId;
import io.sluice.protocol.ResourceManagerProtocol.WorkerInfo;
import io.sluice.resourcemanager.ResourceManagerDriver.StartedWorker;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkerHistoryTest {

    private static final ResourceId C2 = new ResourceId("container_1700000000000_0007_01_000002");
    private static final ResourceId C3 = new ResourceId("container_1700000000000_0007_01_000003");

    @Test
    void aWorkerGoesFromRequestedToRegisteredWithEachTime() {
        WorkerHistory h = new WorkerHistory();
        long request = h.requested(10_000);
        assertEquals(List.of("REQUESTED"), h.snapshot().stream().map(WorkerInfo::state).toList());
        assertNull(h.snapshot().get(0).id(), "no id before the driver launched it");

        h.launched(request, new StartedWorker(C2, "node1:45454", 10_210, 10_300));
        WorkerInfo starting = h.of(C2).orElseThrow();
        assertEquals("STARTING", starting.state());
        assertEquals(10_000, starting.requestedAt());
        assertEquals(10_210, starting.allocatedAt());
        assertEquals(10_300, starting.launchedAt());
        assertEquals(0, starting.registeredAt());

        Optional<String> line = h.registered(C2, "node1", 13_100);
        assertEquals("TaskManager " + C2 + " on node node1:45454: requested -> allocated 0.21 s, -> launched 0.30 s, "
                + "-> registered 3.10 s", line.orElseThrow());
        WorkerInfo registered = h.of(C2).orElseThrow();
        assertEquals("REGISTERED", registered.state());
        assertEquals(13_100, registered.registeredAt());
        assertEquals("node1:45454", registered.node(), "the driver's node, not the host the TaskManager reports");
        assertFalse(registered.recovered());

        assertTrue(h.registered(C2, "node1", 20_000).isEmpty(), "a re-registration is not logged again");
        assertEquals(13_100, h.of(C2).orElseThrow().registeredAt(), "the first registration is kept");
    }

    @Test
    void endedWorkersKeepTheirTimesExitStatusAndDiagnostics() {
        WorkerHistory h = new WorkerHistory();
        h.launched(h.requested(1_000), new StartedWorker(C2, "node1:45454", 1_100, 1_200));
        h.registered(C2, "node1", 2_000);
        h.ended(C2, -104, "killed for memory", 5_000);

        assertTrue(h.of(C2).isEmpty(), "no longer live");
        WorkerInfo ended = h.snapshot().get(0);
        assertEquals("ENDED", ended.state());
        assertEquals(C2.value(), ended.id());
        assertEquals(List.of(1_000L, 1_100L, 1_200L, 2_000L, 5_000L),
                List.of(ended.requestedAt(), ended.allocatedAt(), ended.launchedAt(), ended.registeredAt(), ended.endedAt()));
        assertEquals(-104, ended.exitStatus());
        assertEquals("killed for memory", ended.diagnostics());
    }

    @Test
    void aLaterReportAddsTheExitStatusToAnEndWithoutOne() {
        WorkerHistory h = new WorkerHistory();
        h.launched(h.requested(1_000), new StartedWorker(C2, "n:1", 1_100, 1_200));
        h.ended(C2, null, "released: idle", 9_000);
        h.ended(C2, -100, "released or lost (aborted)", 9_100);
        WorkerInfo ended = h.snapshot().get(0);
        assertEquals(-100, ended.exitStatus());
        assertEquals(9_000, ended.endedAt(), "the first end counts");
        assertEquals("released: idle; released or lost (aborted)", ended.diagnostics());
        assertEquals(1, h.snapshot().size());
    }

    @Test
    void aFailedRequestEndsWithoutAnId() {
        WorkerHistory h = new WorkerHistory();
        long request = h.requested(1_000);
        h.requestFailed(request, "container failed to start", 1_500);
        WorkerInfo failed = h.snapshot().get(0);
        assertEquals("ENDED", failed.state());
        assertNull(failed.id());
        assertEquals("container failed to start", failed.diagnostics());
        assertNull(failed.exitStatus());
    }

    @Test
    void recoveredWorkersAreMarkedAndTimedFromTheirAdoption() {
        WorkerHistory h = new WorkerHistory();
        h.recovered(new StartedWorker(C3, "node2:45454", 0, 0), 50_000);
        WorkerInfo adopted = h.of(C3).orElseThrow();
        assertTrue(adopted.recovered());
        assertEquals("STARTING", adopted.state());
        assertEquals(0, adopted.requestedAt());
        assertEquals(50_000, adopted.recoveredAt());
        assertEquals("TaskManager " + C3 + " on node node2:45454 (kept from the previous attempt): adopted -> registered 1.25 s",
                h.registered(C3, "node2", 51_250).orElseThrow());
    }

    @Test
    void taskManagersStartedByHandAreListedFromTheirRegistration() {
        WorkerHistory h = new WorkerHistory();
        ResourceId byHand = new ResourceId("tm-by-hand");
        assertTrue(h.registered(byHand, "host7", 3_000).isEmpty());
        WorkerInfo w = h.of(byHand).orElseThrow();
        assertEquals("host7", w.node());
        assertEquals(3_000, w.registeredAt());
        assertEquals(0, w.requestedAt());
    }

    @Test
    void snapshotListsPendingThenLiveThenEndedAndKeepsABoundedNumberOfEnded() {
        WorkerHistory h = new WorkerHistory();
        for (int i = 0; i < WorkerHistory.MAX_ENDED + 5; i++) {
            ResourceId id = new ResourceId("w" + i);
            h.launched(h.requested(i), new StartedWorker(id, "n", i, i));
            h.ended(id, 0, "done", i + 1);
        }
        h.launched(h.requested(1_000), new StartedWorker(C2, "n", 1_001, 1_002));
        h.requested(2_000);
        List<WorkerInfo> all = h.snapshot();
        assertEquals(WorkerHistory.MAX_ENDED + 2, all.size());
        assertEquals(List.of("REQUESTED", "STARTING", "ENDED"), all.stream().map(WorkerInfo::state).distinct().toList());
        assertEquals("w5", all.get(2).id(), "the oldest ended ones are dropped");
    }
}
