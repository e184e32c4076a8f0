package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.rpc.SerializedThrowable;
import org.apache.hadoop.yarn.api.records.ApplicationAttemptId;
import org.apache.hadoop.yarn.api.records.ContainerExitStatus;
import org.apache.hadoop.yarn.api.records.ContainerId;
import org.apache.hadoop.yarn.api.records.ContainerState;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.junit.jupiter.api.Test;

class YarnApplicationMasterTest {

    @Test
    void onlyEarlierAttemptsOfTheSameApplicationAreKnownDead() {
        ApplicationAttemptId current = ApplicationAttemptId.fromString("appattempt_1700000000000_0007_000003");
        assertTrue(YarnApplicationMaster.isEarlierAttempt("appattempt_1700000000000_0007_000001", current));
        assertTrue(YarnApplicationMaster.isEarlierAttempt("appattempt_1700000000000_0007_000002", current));
        assertFalse(YarnApplicationMaster.isEarlierAttempt("appattempt_1700000000000_0007_000003", current), "itself");
        assertFalse(YarnApplicationMaster.isEarlierAttempt("appattempt_1700000000000_0008_000001", current), "another app");
        assertFalse(YarnApplicationMaster.isEarlierAttempt("3f2a-random-uuid", current), "not an attempt id");
    }

    @Test
    void finalStatusMatchesTheJob() {
        JobId id = JobId.generate();
        assertEquals(FinalApplicationStatus.SUCCEEDED,
                YarnApplicationMaster.outcomeOf(new JobResult(id, "j", JobStatus.FINISHED, 0, 1, 0, null)).status());
        assertEquals(FinalApplicationStatus.KILLED,
                YarnApplicationMaster.outcomeOf(new JobResult(id, "j", JobStatus.CANCELED, 0, 1, 0, null)).status());
        YarnApplicationMaster.Outcome failed = YarnApplicationMaster.outcomeOf(new JobResult(id, "j", JobStatus.FAILED, 0, 1, 2,
                SerializedThrowable.of(new IllegalStateException("boom in user code"))));
        assertEquals(FinalApplicationStatus.FAILED, failed.status());
        assertTrue(failed.diagnostics().contains("boom in user code") && failed.diagnostics().contains("2 restart(s)"),
                failed.diagnostics());
    }

    @Test
    void memoryKillsSayWhatToRaise() {
        ContainerStatus s = ContainerStatus.newInstance(ContainerId.fromString("container_1700000000000_0007_01_000002"),
                ContainerState.COMPLETE, "Container killed on request. Exit code is 143", ContainerExitStatus.KILLED_EXCEEDED_PMEM);
        String d = YarnResourceManagerDriver.describe(s);
        assertTrue(d.contains("raise taskmanager.memory.process.size") && d.contains("Exit code is 143"), d);
        ContainerStatus exit = ContainerStatus.newInstance(ContainerId.fromString("container_1700000000000_0007_01_000003"),
                ContainerState.COMPLETE, "", 137);
        assertEquals("exit code 137", YarnResourceManagerDriver.describe(exit));
    }
}
