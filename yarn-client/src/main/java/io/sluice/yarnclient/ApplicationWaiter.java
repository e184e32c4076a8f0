package io.sluice.yarnclient;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Objects;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;

/** Follows an application's report, printing each new state and, while ACCEPTED, YARN's reason for waiting. */
public final class ApplicationWaiter {

    /*
     * Reports are polled often at first, when a deployment or a short job is about to change state and
     * each poll's delay adds to what the user waits; later rarely, so that a client that follows a long
     * job or waits in a full queue does not keep the ResourceManager busy.
     */
    private static final long FAST_POLL_MS = 50;
    private static final long SLOW_POLL_MS = 1000;
    private static final long FAST_PHASE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    private final YarnClient client;
    private final PrintStream progress;

    public ApplicationWaiter(YarnClient client, PrintStream progress) {
        this.client = client;
        this.progress = progress;
    }

    /** Until the ApplicationMaster runs and has registered its REST endpoint. */
    public ApplicationReport awaitRunning(ApplicationId appId, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        YarnApplicationState lastState = null;
        String lastDiagnostics = "";
        while (true) {
            ApplicationReport report = client.getApplicationReport(appId);
            YarnApplicationState state = report.getYarnApplicationState();
            String diagnostics = Objects.toString(report.getDiagnostics(), "").trim();
            if (state != lastState) {
                progress.println("Application " + appId + " is " + state);
                lastState = state;
            }
            if (state == YarnApplicationState.ACCEPTED && !diagnostics.isEmpty() && !diagnostics.equals(lastDiagnostics)) {
                progress.println("  waiting for YARN: " + diagnostics);
            }
            lastDiagnostics = diagnostics;
            if (state == YarnApplicationState.RUNNING && report.getRpcPort() > 0 && report.getHost() != null
                    && !report.getHost().equals("N/A")) {
                return report;
            }
            if (state == YarnApplicationState.FINISHED) {
                throw new ApplicationEndedException("the application " + appId + " ended "
                        + report.getFinalApplicationStatus() + " before the client saw it running: " + diagnostics
                        + "\nSee its logs: yarn logs -applicationId " + appId, report);
            }
            if (state == YarnApplicationState.FAILED || state == YarnApplicationState.KILLED) {
                throw new ApplicationEndedException("the application " + appId + " ended (" + state + ", "
                        + report.getFinalApplicationStatus() + ") before its ApplicationMaster ran: " + diagnostics
                        + "\nSee its logs: yarn logs -applicationId " + appId, report);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ApplicationMaster of " + appId + " did not run within " + timeout
                        + " (yarn.deployment.timeout); it was " + state
                        + (diagnostics.isEmpty() ? "" : " because: " + diagnostics) + ". The application was killed.");
            }
            Thread.sleep(pollMillis(start));
        }
    }

    /** Until the application has ended; returns its final report. */
    public ApplicationReport awaitFinished(ApplicationId appId, Duration timeout) throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            ApplicationReport report = client.getApplicationReport(appId);
            if (isEnded(report.getYarnApplicationState())) {
                return report;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("application " + appId + " did not end within " + timeout
                        + "; it is " + report.getYarnApplicationState());
            }
            Thread.sleep(pollMillis(start));
        }
    }

    static long pollMillis(long waitingSinceNanos) {
        return System.nanoTime() - waitingSinceNanos < FAST_PHASE_NANOS ? FAST_POLL_MS : SLOW_POLL_MS;
    }

    /** The application ended while {@link #awaitRunning} waited for it. */
    public static final class ApplicationEndedException extends IllegalStateException {
        private final transient ApplicationReport report;

        ApplicationEndedException(String message, ApplicationReport report) {
            super(message);
            this.report = report;
        }

        public ApplicationReport report() {
            return report;
        }

        /**
         * FINISHED: its ApplicationMaster ran and unregistered itself (e.g. an application-mode main()
         * that failed at once), so the final status is the cluster's own outcome, not a failed deployment.
         */
        public boolean ranAndUnregistered() {
            return report.getYarnApplicationState() == YarnApplicationState.FINISHED;
        }
    }

    public static boolean isEnded(YarnApplicationState state) {
        return state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED
                || state == YarnApplicationState.KILLED;
    }
}
