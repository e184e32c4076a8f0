package io.sluice.sandbox;

import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.yarn.api.protocolrecords.AllocateResponse;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.Container;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.ContainerStatus;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Priority;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationAttemptState;
import org.apache.hadoop.yarn.client.ClientRMProxy;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.client.api.NMClient;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.security.AMRMTokenIdentifier;

/**
 * A test ApplicationMaster that runs in the test JVM (YARN's "unmanaged AM"): a real application as
 * far as the ResourceManager, the NodeManagers, the proxy and log aggregation are concerned, without
 * shipping an AM jar. It registers a tracking URL, runs one container and unregisters.
 */
final class UnmanagedApplicationMaster implements AutoCloseable {

    private final Configuration conf;
    private final YarnClient yarnClient;
    private final ApplicationId appId;
    private final UserGroupInformation amUser;
    private AMRMClient<AMRMClient.ContainerRequest> amrm;
    private NMClient nm;

    UnmanagedApplicationMaster(Configuration conf, YarnClient yarnClient, String name) throws Exception {
        this.conf = conf;
        this.yarnClient = yarnClient;
        ApplicationSubmissionContext context = yarnClient.createApplication().getApplicationSubmissionContext();
        this.appId = context.getApplicationId();
        context.setApplicationName(name);
        context.setApplicationType("SLUICE-TEST");
        context.setUnmanagedAM(true);
        context.setResource(Resource.newInstance(256, 1));
        context.setAMContainerSpec(ContainerLaunchContext.newInstance(
                Collections.emptyMap(), Collections.emptyMap(), Collections.emptyList(), null, null, null));
        yarnClient.submitApplication(context);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (yarnClient.getApplicationReport(appId).getYarnApplicationState().ordinal()
                        < org.apache.hadoop.yarn.api.records.YarnApplicationState.ACCEPTED.ordinal()
                || !attemptLaunched()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("attempt of " + appId + " not launched within 30 s: "
                        + yarnClient.getApplicationReport(appId).getDiagnostics());
            }
            Thread.sleep(50);
        }
        Token<AMRMTokenIdentifier> token = yarnClient.getAMRMToken(appId);
        token.setService(ClientRMProxy.getAMRMTokenService(conf));
        this.amUser = UserGroupInformation.createRemoteUser(UserGroupInformation.getCurrentUser().getShortUserName());
        amUser.addToken(token);
    }

    private boolean attemptLaunched() throws Exception {
        var attemptId = yarnClient.getApplicationReport(appId).getCurrentApplicationAttemptId();
        return attemptId != null && yarnClient.getApplicationAttemptReport(attemptId)
                .getYarnApplicationAttemptState() == YarnApplicationAttemptState.LAUNCHED;
    }

    ApplicationId applicationId() {
        return appId;
    }

    void register(String trackingUrl) throws Exception {
        as(() -> {
            amrm = AMRMClient.createAMRMClient();
            amrm.init(conf);
            amrm.start();
            amrm.registerApplicationMaster("127.0.0.1", 0, trackingUrl);
            nm = NMClient.createNMClient();
            nm.init(conf);
            nm.start();
            return null;
        });
    }

    /** Runs {@code command} in one container and returns its final status. */
    ContainerStatus runContainer(List<String> command, Map<String, String> env, int memoryMb, Duration timeout)
            throws Exception {
        return as(() -> {
            amrm.addContainerRequest(new AMRMClient.ContainerRequest(
                    Resource.newInstance(memoryMb, 1), null, null, Priority.newInstance(1)));
            long deadline = System.nanoTime() + timeout.toNanos();
            Container container = null;
            while (container == null) {
                AllocateResponse response = amrm.allocate(0.1f);
                if (!response.getAllocatedContainers().isEmpty()) {
                    container = response.getAllocatedContainers().get(0);
                }
                checkDeadline(deadline, "container allocation");
                Thread.sleep(50);
            }
            amrm.removeContainerRequest(new AMRMClient.ContainerRequest(
                    Resource.newInstance(memoryMb, 1), null, null, Priority.newInstance(1)));
            nm.startContainer(container, ContainerLaunchContext.newInstance(
                    Collections.emptyMap(), env, command, null, null, null));
            while (true) {
                for (ContainerStatus status : amrm.allocate(0.5f).getCompletedContainersStatuses()) {
                    if (status.getContainerId().equals(container.getId())) {
                        return status;
                    }
                }
                checkDeadline(deadline, "container completion");
                Thread.sleep(50);
            }
        });
    }

    void finish(FinalApplicationStatus status) throws Exception {
        as(() -> {
            amrm.unregisterApplicationMaster(status, "done", null);
            return null;
        });
    }

    private static void checkDeadline(long deadline, String what) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("timed out waiting for " + what);
        }
    }

    private <T> T as(PrivilegedExceptionAction<T> action) throws Exception {
        return amUser.doAs(action);
    }

    @Override
    public void close() throws Exception {
        as(() -> {
            if (nm != null) {
                nm.stop();
            }
            if (amrm != null) {
                amrm.stop();
            }
            return null;
        });
    }
}
