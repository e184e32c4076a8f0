package io.sluice.ha.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Configuration;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.LeaderRetrieval;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.KillSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leader election and retrieval on a real ZooKeeper: one leader at a time, a fresh session id per
 * leadership, addresses published only by the current leader, session expiry, SUSPENDED / LOST /
 * RECONNECTED handling, and eviction of a dead instance.
 */
@Timeout(120)
class ZooKeeperLeaderElectionTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static File base;

    static HaTestCluster cluster;

    final List<AutoCloseable> toClose = new ArrayList<>();
    final String clusterId = "election-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = HaTestCluster.start(base, 200); // sessions of 0.4 to 4 s allowed
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void closeAll() {
        List<AutoCloseable> reversed = new ArrayList<>(toClose);
        java.util.Collections.reverse(reversed);
        for (AutoCloseable c : reversed) {
            try {
                c.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    ZooKeeperHaServices services(String instanceId, String... settings) throws Exception {
        Configuration config = cluster.haConfiguration(clusterId);
        config.setString("high-availability.instance-id", instanceId);
        for (int i = 0; i < settings.length; i += 2) {
            config.setString(settings[i], settings[i + 1]);
        }
        ZooKeeperHaServices ha = ZooKeeperStoresTest.open(config);
        toClose.add(ha);
        return ha;
    }

    TestContender contend(ZooKeeperHaServices ha, String component) throws Exception {
        TestContender contender = new TestContender();
        LeaderElection election = ha.leaderElection(component);
        election.start(contender);
        toClose.add(election);
        return contender;
    }

    LinkedBlockingQueue<LeaderInfo> retrieve(ZooKeeperHaServices ha, String component) throws Exception {
        LinkedBlockingQueue<LeaderInfo> seen = new LinkedBlockingQueue<>();
        LeaderRetrieval retrieval = ha.leaderRetrieval(component);
        retrieval.start(seen::add);
        toClose.add(retrieval);
        return seen;
    }

    static LeaderInfo next(LinkedBlockingQueue<LeaderInfo> seen) throws InterruptedException {
        LeaderInfo info = seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (info == null) {
            throw new AssertionError("no leader reported within " + WAIT);
        }
        return info;
    }

    @Test
    void oneLeaderPublishesAndTheStandbyTakesOverWhenItCloses() throws Exception {
        ZooKeeperHaServices a = services("a");
        TestContender rmA = contend(a, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rmA.awaitGrant(WAIT);
        ZooKeeperHaServices b = services("b");
        TestContender rmB = contend(b, HighAvailabilityServices.RESOURCE_MANAGER);
        TestContender dispatcherA = contend(a, HighAvailabilityServices.DISPATCHER);
        assertEquals(first, dispatcherA.awaitGrant(WAIT), "components of one process share its leadership");
        assertNull(rmB.pollEvent(Duration.ofMillis(500)), "the standby is not leader");

        LinkedBlockingQueue<LeaderInfo> seen = retrieve(services("observer"), HighAvailabilityServices.RESOURCE_MANAGER);
        a.leaderElection("unused"); // creating an election handle does not contend
        // published through the component's election handle (the one the contender got)
        publish(a, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://a/rm", first));
        assertEquals(new LeaderInfo("akka://a/rm", first), next(seen));

        a.close(); // orderly shutdown of the leader process
        UUID second = rmB.awaitGrant(WAIT);
        assertNotEquals(first, second, "a new leadership has a new session id (fencing token)");
        publish(b, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://b/rm", second));
        assertEquals(new LeaderInfo("akka://b/rm", second), next(seen));
    }

    /** Publishes through a fresh handle of the same process (the latch, not the handle, decides). */
    static void publish(ZooKeeperHaServices ha, String component, LeaderInfo info) {
        ha.leaderElection(component).confirmLeadership(info);
    }

    @Test
    void sessionExpiryOfTheLeaderRevokesItAndTheStandbyLeads() throws Exception {
        ZooKeeperHaServices a = services("a");
        TestContender rmA = contend(a, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rmA.awaitGrant(WAIT);
        ZooKeeperHaServices b = services("b");
        TestContender rmB = contend(b, HighAvailabilityServices.RESOURCE_MANAGER);
        LinkedBlockingQueue<LeaderInfo> seen = retrieve(services("observer"), HighAvailabilityServices.RESOURCE_MANAGER);
        publish(a, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://a/rm", first));
        assertEquals(first, next(seen).token());

        KillSession.kill(a.curator().getZookeeperClient().getZooKeeper());
        rmA.awaitRevoke(WAIT);
        UUID second = rmB.awaitGrant(WAIT);
        assertNotEquals(first, second);
        publish(b, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://b/rm", second));
        assertEquals(new LeaderInfo("akka://b/rm", second), next(seen));

        // The deposed leader's late write with its old session id changes nothing.
        publish(a, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://a/rm", first));
        assertNull(seen.poll(1, TimeUnit.SECONDS), "the old leader cannot overwrite the new leader's address");
        // A re-contends after its new session and waits behind B.
        assertNull(rmA.pollEvent(Duration.ofMillis(500)));
    }

    @Test
    void suspendedConnectionMakesTheLeaderStepDownAndReconnectMakesItLeadAgain() throws Exception {
        ZooKeeperHaServices a = services("a", "high-availability.zookeeper.client.session-timeout", "4 s");
        TestContender rm = contend(a, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rm.awaitGrant(WAIT);
        cluster.zooKeeper().stop();
        try {
            rm.awaitRevoke(WAIT); // SUSPENDED: the safe default steps down at once
        } finally {
            cluster.zooKeeper().restart();
        }
        UUID second = rm.awaitGrant(WAIT); // RECONNECTED: contends again and, alone, wins
        assertNotEquals(first, second);
    }

    @Test
    void toleratingSuspendedConnectionsKeepsLeadershipThroughAShortOutage() throws Exception {
        ZooKeeperHaServices a = services("a", "high-availability.zookeeper.client.tolerate-suspended-connections", "true",
                "high-availability.zookeeper.client.session-timeout", "4 s");
        TestContender rm = contend(a, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rm.awaitGrant(WAIT);
        cluster.zooKeeper().stop();
        Thread.sleep(1000); // well within the session timeout: SUSPENDED, not LOST
        cluster.zooKeeper().restart();
        assertNull(rm.pollEvent(Duration.ofSeconds(3)), "no revocation while the session survived");
        assertEquals(first, rm.current);
    }

    @Test
    void lostSessionRevokesEvenWhenSuspendedConnectionsAreTolerated() throws Exception {
        ZooKeeperHaServices a = services("a", "high-availability.zookeeper.client.tolerate-suspended-connections", "true",
                "high-availability.zookeeper.client.session-timeout", "1 s");
        TestContender rm = contend(a, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rm.awaitGrant(WAIT);
        cluster.zooKeeper().stop();
        try {
            rm.awaitRevoke(WAIT); // LOST after the session timeout
        } finally {
            cluster.zooKeeper().restart();
        }
        assertNotEquals(first, rm.awaitGrant(WAIT));
    }

    @Test
    void evictingADeadInstanceHandsLeadershipOverWithoutWaitingForItsSession() throws Exception {
        // Sessions of 4 s (the server's maximum here): a successor that waited for expiry would need >= 4 s.
        ZooKeeperHaServices old = services("attempt_1");
        TestContender rmOld = contend(old, HighAvailabilityServices.RESOURCE_MANAGER);
        UUID first = rmOld.awaitGrant(WAIT);
        ZooKeeperHaServices successor = services("attempt_2");
        TestContender rmNew = contend(successor, HighAvailabilityServices.RESOURCE_MANAGER);
        assertNull(rmNew.pollEvent(Duration.ofMillis(300)));
        LinkedBlockingQueue<LeaderInfo> seen = retrieve(services("observer"), HighAvailabilityServices.RESOURCE_MANAGER);

        assertEquals(0, successor.evictDeadInstances(id -> false));
        assertEquals(1, successor.evictDeadInstances(id -> id.equals("attempt_1") || id.equals("attempt_2")),
                "only the other instance is evicted, never the caller");
        UUID second = rmNew.awaitGrant(Duration.ofSeconds(3));
        assertNotEquals(first, second);
        publish(successor, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://new/rm", second));
        assertEquals(second, next(seen).token());

        // The evicted instance (here not really dead, to show the safety net) cannot publish any more.
        publish(old, HighAvailabilityServices.RESOURCE_MANAGER, new LeaderInfo("akka://old/rm", first));
        assertNull(seen.poll(1, TimeUnit.SECONDS));
        assertTrue(successor.isLeader());
    }
}
