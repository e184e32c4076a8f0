package io.sluice.yarnclient;

import io.sluice.api.PipelineExecutor;
import io.sluice.client.ClusterDeployer;
import io.sluice.client.RestClusterExecutor;
import io.sluice.config.Configuration;
import io.sluice.rest.RestClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;

/** The YARN targets of {@code sluice run}, and {@code list|cancel|stop -yid}. Found through ServiceLoader. */
public final class YarnClusterDeployer implements ClusterDeployer {

    public static final String SESSION = "yarn-session";
    public static final String PER_JOB = "yarn-per-job";
    public static final String APPLICATION = "yarn-application";

    @Override
    public Set<String> targets() {
        return Set.of(SESSION, PER_JOB, APPLICATION);
    }

    @Override
    public PipelineExecutor createExecutor(String target, RunContext context) {
        return switch (target) {
            case SESSION -> {
                String id = context.clusterId() != null ? context.clusterId()
                        : defaultClusterId(context.configuration(), context.err());
                if (id == null) {
                    throw new IllegalArgumentException("no YARN session to submit to: start one with bin/yarn-session.sh, "
                            + "or name it with -yid <applicationId>");
                }
                java.util.function.Supplier<RestClient> lookup = () -> new RestClient(
                        call(() -> restAddress(context.configuration(), id, context.err())), Duration.ofSeconds(60));
                java.util.concurrent.CompletableFuture<RestClient> rest;
                if (KerberosLogin.isKerberos(HadoopConfigs.forClient(context.configuration(), System.getenv()))) {
                    // a Kerberos login changes the process's Hadoop user: not underneath a running main()
                    rest = java.util.concurrent.CompletableFuture.completedFuture(lookup.get());
                } else {
                    // the lookup at YARN (Hadoop client start-up, an RPC) runs while the program builds its job
                    rest = java.util.concurrent.CompletableFuture.supplyAsync(lookup, r -> {
                        Thread t = new Thread(r, "yarn-session-lookup");
                        t.setDaemon(true);
                        t.start();
                    });
                }
                yield new RestClusterExecutor(rest, List.of(context.jar()), context.detached(), context.onSubmitted());
            }
            case PER_JOB -> new PerJobExecutor(context);
            case APPLICATION -> null;
            default -> throw new IllegalArgumentException("not a YARN target: " + target);
        };
    }

    @Override
    public int runInCluster(String target, RunContext context) throws Exception {
        List<String> program = new ArrayList<>();
        program.add(context.entryClass());
        program.add(String.valueOf(context.parallelism()));
        program.addAll(context.programArgs());
        try (YarnClusterDescriptor descriptor = descriptor(context.configuration(), context.err())) {
            YarnClusterDescriptor.Deployment d;
            try {
                d = descriptor.deploy(new YarnClusterDescriptor.ClusterSpec(AppMasterContract.Mode.APPLICATION,
                        "Sluice application " + context.entryClass(), List.of(context.jar()), null, program));
            } catch (ApplicationWaiter.ApplicationEndedException e) {
                if (!e.ranAndUnregistered()) {
                    throw e; // the ApplicationMaster never ran: a deployment error
                }
                // main() ran and ended before the client saw the AM running: that is the program's outcome
                if (context.detached()) {
                    context.out().println(e.report().getApplicationId());
                }
                return outcome(e.report(), context.err());
            }
            if (context.detached()) {
                context.out().println(d.applicationId());
                return 0;
            }
            context.err().println("Application " + d.applicationId() + " runs " + context.entryClass() + "; web UI: " + d.webUi());
            ApplicationReport end;
            try {
                end = new ApplicationWaiter(descriptor.yarnClient(), context.err())
                        .awaitFinished(d.applicationId(), Duration.ofDays(3650));
            } catch (Exception e) {
                // the application runs (or ran): its outcome is unknown here, which is not a deployment error
                context.err().println("Error: lost track of application " + d.applicationId() + " (" + e.getMessage()
                        + "); follow it with: yarn application -status " + d.applicationId());
                return 1;
            }
            return outcome(end, context.err());
        }
    }

    /** Exit code of an attached per-job or application run: 0 only when the application SUCCEEDED. */
    static int outcome(ApplicationReport end, PrintStream err) {
        if (end.getFinalApplicationStatus() == FinalApplicationStatus.SUCCEEDED) {
            err.println("Application " + end.getApplicationId() + " finished successfully.");
            return 0;
        }
        err.println("Error: application " + end.getApplicationId() + " ended " + end.getFinalApplicationStatus() + ": "
                + end.getDiagnostics());
        return 1;
    }

    @Override
    public String restAddress(Configuration config, String clusterId, PrintStream err) throws Exception {
        String id = clusterId != null ? clusterId : defaultClusterId(config, err);
        if (id == null) {
            throw new IllegalArgumentException("no YARN application given: use -yid <applicationId>");
        }
        try (YarnClusterDescriptor descriptor = descriptor(config, err)) {
            ApplicationReport report = report(descriptor, id);
            if (ApplicationWaiter.isEnded(report.getYarnApplicationState())) {
                throw new IllegalArgumentException("YARN application " + id + " has ended ("
                        + report.getFinalApplicationStatus() + "): start a new session with bin/yarn-session.sh");
            }
            if (report.getRpcPort() <= 0) {
                throw new IllegalStateException("YARN application " + id + " is " + report.getYarnApplicationState()
                        + " and has no REST endpoint yet: try again in a moment");
            }
            return YarnClusterDescriptor.restAddress(report);
        }
    }

    private static ApplicationReport report(YarnClusterDescriptor descriptor, String id) throws Exception {
        ApplicationId appId;
        try {
            appId = ApplicationId.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a YARN application id (application_<timestamp>_<n>)");
        }
        try {
            return descriptor.yarnClient().getApplicationReport(appId);
        } catch (org.apache.hadoop.yarn.exceptions.ApplicationNotFoundException e) {
            throw new IllegalArgumentException("YARN does not know the application " + id);
        }
    }

    @Override
    public String defaultClusterId(Configuration config, PrintStream err) {
        String id = YarnPropertiesFile.read(config);
        if (id == null) {
            return null;
        }
        try (YarnClusterDescriptor descriptor = descriptor(config, err)) {
            ApplicationReport report = report(descriptor, id);
            if (ApplicationWaiter.isEnded(report.getYarnApplicationState())) {
                err.println("Note: ignoring " + YarnPropertiesFile.location(config) + ": the session " + id
                        + " it records has ended (" + report.getYarnApplicationState() + ")");
                return null;
            }
            return id;
        } catch (Exception e) {
            err.println("Note: ignoring " + YarnPropertiesFile.location(config) + " (session " + id + "): " + e.getMessage());
            return null;
        }
    }

    @Override
    public int stopCluster(Configuration config, String clusterId, PrintStream out, PrintStream err) throws Exception {
        try (YarnClusterDescriptor descriptor = descriptor(config, err)) {
            ApplicationReport report = report(descriptor, clusterId);
            if (ApplicationWaiter.isEnded(report.getYarnApplicationState())) {
                out.println("Application " + clusterId + " has already ended (" + report.getFinalApplicationStatus() + ").");
                YarnPropertiesFile.clear(config, clusterId);
                return 0;
            }
            try {
                new RestClient(YarnClusterDescriptor.restAddress(report), Duration.ofSeconds(30)).delete("/cluster", Void.class);
            } catch (Exception e) {
                err.println("The cluster did not accept the stop request (" + e.getMessage() + "); killing application "
                        + clusterId);
                descriptor.yarnClient().killApplication(report.getApplicationId());
            }
            ApplicationReport end = new ApplicationWaiter(descriptor.yarnClient(), err)
                    .awaitFinished(report.getApplicationId(), Duration.ofSeconds(60));
            YarnPropertiesFile.clear(config, clusterId);
            out.println("Application " + clusterId + " stopped (" + end.getFinalApplicationStatus() + ").");
            return 0;
        }
    }

    static YarnClusterDescriptor descriptor(Configuration config, PrintStream progress) {
        return new YarnClusterDescriptor(config, System.getenv(), progress);
    }

    private static <T> T call(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
