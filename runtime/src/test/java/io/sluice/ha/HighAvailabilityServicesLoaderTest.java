package io.sluice.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.StandaloneLeaderServices;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Choosing HA services by configuration, and the standalone (no HA) services. */
class HighAvailabilityServicesLoaderTest {

    @Test
    void noneGivesStandaloneServices() throws Exception {
        HighAvailabilityServices ha = HighAvailabilityServicesLoader.load(new Configuration(), "akka://x/rm");
        assertInstanceOf(StandaloneHighAvailabilityServices.class, ha);
        assertFalse(ha.isHighlyAvailable());
        assertEquals(0, ha.evictDeadInstances(id -> true));
        List<LeaderInfo> seen = new ArrayList<>();
        ha.leaderRetrieval(HighAvailabilityServices.RESOURCE_MANAGER).start(seen::add);
        assertEquals(List.of(new LeaderInfo("akka://x/rm", StandaloneLeaderServices.DEFAULT_TOKEN)), seen);
    }

    @Test
    void zookeeperWithoutTheHaModuleIsAClearError() {
        Configuration config = new Configuration().setString("high-availability.type", "zookeeper");
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> HighAvailabilityServicesLoader.load(config, null));
        assertTrue(e.getMessage().contains("'high-availability.type' is 'zookeeper'"), e.getMessage());
        assertTrue(e.getMessage().contains("sluice-ha"), e.getMessage());
    }

    @Test
    void eachStandaloneJobMasterGetsItsOwnToken() throws Exception {
        HighAvailabilityServices ha = new StandaloneHighAvailabilityServices(null);
        UUID[] tokens = new UUID[2];
        for (int i = 0; i < 2; i++) {
            int index = i;
            ha.leaderElection(HighAvailabilityServices.jobMasterComponent(JobId.generate())).start(new LeaderContender() {
                @Override
                public void grantLeadership(UUID token) {
                    tokens[index] = token;
                }

                @Override
                public void revokeLeadership() {}
            });
        }
        assertTrue(tokens[0] != null && !tokens[0].equals(tokens[1]));
    }

    @Test
    void standaloneStoresKeepTheirContractInMemory() throws Exception {
        HighAvailabilityServices ha = new StandaloneHighAvailabilityServices(null);
        JobId id = JobId.generate();
        JobResultStore results = ha.jobResultStore();
        results.createDirtyResult(new JobResult(id, "j", JobStatus.FINISHED, 1, 2, 0, null));
        assertThrows(IllegalStateException.class,
                () -> results.createDirtyResult(new JobResult(id, "j", JobStatus.FINISHED, 1, 2, 0, null)));
        assertEquals(1, results.dirtyResults().size());
        results.markResultClean(id);
        assertTrue(results.hasCleanJobResultEntry(id));
        assertTrue(results.dirtyResults().isEmpty());

        CompletedCheckpointStore checkpoints = ha.completedCheckpointStore(id, 2);
        for (long cp = 1; cp <= 3; cp++) {
            checkpoints.addCheckpoint(new CompletedCheckpoint(id, cp, cp, new byte[0]));
        }
        assertEquals(List.of(2L, 3L), checkpoints.recover().stream().map(CompletedCheckpoint::checkpointId).toList());
        CheckpointIdCounter counter = ha.checkpointIdCounter(id);
        counter.start();
        assertEquals(1, counter.getAndIncrement());
        assertEquals(2, counter.get());
    }
}
