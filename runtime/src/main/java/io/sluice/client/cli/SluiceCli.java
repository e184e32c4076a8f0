package io.sluice.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.JobExecutionException;
import io.sluice.api.PipelineExecutor;
import io.sluice.api.StreamEnvironment;
import io.sluice.checkpoint.CheckpointStorage;
import io.sluice.client.ClusterDeployer;
import io.sluice.client.LocalClusterExecutor;
import io.sluice.client.RestClusterExecutor;
import io.sluice.client.SubmissionException;
import io.sluice.config.CheckpointingOptions;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.RestOptions;
import io.sluice.entrypoint.EntrypointArguments;
import io.sluice.entrypoint.JobManager;
import io.sluice.entrypoint.TaskManagerRunner;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestClient;
import io.sluice.rest.RestClientException;
import io.sluice.rpc.SerializedThrowable;
import io.sluice.usercode.UserCodeClassLoading;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bin/sluice}: run, list and cancel jobs, and start standalone JobManager and TaskManager
 * processes. Exit codes (docs/deployment.md): 0 success; 1 the job or the program's main() failed,
 * or the job was cancelled; 2 nothing ran: wrong usage, bad input, or the cluster could not be
 * deployed or reached or refused the job.
 */
public final class SluiceCli {

    static final String USAGE = """
            Usage: sluice <command> [options]
              run [options] <jar> [args]   run a job (sluice run -h for options)
              list [-m host:port | -yid appId]          list running and finished jobs
              cancel [-m host:port | -yid appId] <id>   cancel a running job
              checkpoint [-m host:port | -yid appId] <id>   take a checkpoint of a running job, print its id
              stop -yid appId              stop a YARN session or application cluster
              jobmanager [-D k=v]...       start a standalone JobManager in the foreground
              taskmanager [-D k=v]...      start a standalone TaskManager in the foreground
            The configuration comes from $SLUICE_CONF_DIR/sluice.yaml; -D key=value overrides it.""";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final PrintStream err;

    SluiceCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("jobmanager") || args[0].equals("taskmanager"))) {
            String[] rest = Arrays.copyOfRange(args, 1, args.length);
            try {
                if (args[0].equals("jobmanager")) {
                    JobManager.main(rest);
                } else {
                    TaskManagerRunner.main(rest);
                }
            } catch (IllegalArgumentException | IllegalConfigurationException e) {
                System.err.println("Error: " + e.getMessage());
                System.exit(2);
            }
            return;
        }
        System.exit(new SluiceCli(System.out, System.err).run(args));
    }

    int run(String[] argv) {
        List<String> args = List.of(argv);
        if (args.isEmpty() || args.get(0).equals("-h") || args.get(0).equals("--help")) {
            err.println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        try {
            return switch (args.get(0)) {
                case "run" -> runJob(args.subList(1, args.size()));
                case "list" -> list(args.subList(1, args.size()));
                case "cancel" -> cancel(args.subList(1, args.size()));
                case "checkpoint" -> checkpoint(args.subList(1, args.size()));
                case "stop" -> stopCluster(args.subList(1, args.size()));
                default -> throw new CliException("unknown command '" + args.get(0) + "'\n" + USAGE);
            };
        } catch (CliException | IllegalConfigurationException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (RestClientException e) {
            // list / cancel: the cluster is unreachable or refused the request (e.g. an unknown job id)
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (ClusterTargetException e) {
            err.println("Error: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int runJob(List<String> args) {
        if (!args.isEmpty() && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            err.println(RunOptions.USAGE);
            return 0;
        }
        RunOptions parsed = RunOptions.parse(args);
        Configuration config = loadConfiguration(parsed.dynamicProperties());
        RunOptions options = !parsed.targetGiven() && parsed.jobManager() == null
                ? withDefaultCluster(parsed, config) : parsed;
        checkRestorePathBeforeDeploying(options);
        // a cluster started for this run (YARN application mode runs main() there) takes them from its configuration
        options.jobSettings().forEach(config::setString);
        ProgramLauncher launcher = new ProgramLauncher(Path.of(options.jar()), options.entryClass(),
                UserCodeClassLoading.from(config));
        JobJarCheck.warnings(Path.of(options.jar())).forEach(w -> err.println("Warning: " + w));
        int parallelism = options.parallelism() != null ? options.parallelism()
                : config.get(JobManagerOptions.DEFAULT_PARALLELISM);
        List<JobId> submitted = new ArrayList<>();
        // A detached per-job run prints the YARN application id on stdout (what schedulers capture), not the job id.
        boolean jobIdOnStdout = options.detached() && !options.target().equals("yarn-per-job");
        Consumer<JobId> onSubmitted = id -> {
            submitted.add(id);
            if (jobIdOnStdout) {
                out.println(id.toHexString());
            } else {
                err.println("Job has been submitted with JobID " + id);
            }
        };
        List<Path> jars = List.of(Path.of(options.jar()).toAbsolutePath());
        PipelineExecutor executor;
        ClusterDeployer deployer = ClusterDeployer.forTarget(options.target());
        if (options.target().equals("local")) {
            if (options.detached()) {
                throw new CliException("-d needs a cluster that outlives this command: use -t remote with a running cluster");
            }
            executor = new LocalClusterExecutor(config, jars, onSubmitted);
        } else if (deployer != null) {
            ClusterDeployer.RunContext context = new ClusterDeployer.RunContext(config, jars.get(0),
                    launcher.entryClass(), options.programArgs(), parallelism, options.detached(), options.clusterId(),
                    out, err, onSubmitted);
            executor = deployed(() -> deployer.createExecutor(options.target(), context));
            if (executor == null) {
                return deployed(() -> deployer.runInCluster(options.target(), context));
            }
        } else {
            executor = new RestClusterExecutor(restClient(config, options.jobManager()), jars, options.detached(), onSubmitted);
        }
        StreamEnvironment.initializeContext(JobSettingsExecutor.wrap(executor, options.jobSettings()), parallelism);
        try {
            launcher.run(options.programArgs());
        } catch (ProgramLauncher.ProgramFailedException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof io.sluice.client.ClusterLookupException lookup) {
                    // the target named on the command line is wrong, not the program
                    throw new ClusterTargetException(lookup.getMessage(), 2);
                }
            }
            return reportProgramFailure(e);
        } finally {
            StreamEnvironment.resetContext();
        }
        if (submitted.isEmpty()) {
            err.println("Warning: the program finished without submitting a job (did main() call execute()?)");
        } else if (!options.detached()) {
            submitted.forEach(id -> err.println("Job " + id + " finished successfully."));
        }
        return 0;
    }

    /**
     * {@code -s} for a cluster this run starts (local, YARN per-job or application): a wrong path
     * fails here, before anything is deployed. A running cluster checks it itself when the job is
     * submitted, with its own view of the file system (a client's {@code file:} path may not be its).
     */
    private static void checkRestorePathBeforeDeploying(RunOptions options) {
        if (options.restorePath() == null
                || !List.of("local", "yarn-per-job", "yarn-application").contains(options.target())) {
            return;
        }
        try {
            CheckpointStorage.load(options.restorePath());
        } catch (java.io.IOException | RuntimeException e) {
            throw new CliException("cannot start from checkpoint '" + options.restorePath() + "' (-s): " + e.getMessage()
                    + ". Give the chk-<n> directory of a retained checkpoint, or its " + CheckpointStorage.METADATA + " file.");
        }
    }

    /** No -t and no -m: a YARN session recorded by yarn-session.sh, if there is one, else the remote default. */
    private RunOptions withDefaultCluster(RunOptions options, Configuration config) {
        ClusterDeployer yarn = ClusterDeployer.forPrefix("yarn");
        String session = yarn == null ? null : yarn.defaultClusterId(config, err);
        if (session == null) {
            return options;
        }
        err.println("Using the YARN session " + session + " recorded by yarn-session.sh (give -t or -m to choose another cluster)");
        return new RunOptions("yarn-session", true, session, null, options.parallelism(), options.detached(),
                options.entryClass(), options.restorePath(), options.allowNonRestoredState(), options.dynamicProperties(),
                options.jar(), options.programArgs());
    }

    /**
     * Calls a deployer. Its failures (bad input, a cluster that cannot be deployed or reached) become
     * one message and exit code 2: nothing ran. A deployer reports a job that ran and failed through
     * its return value, not by throwing.
     */
    private static <T> T deployed(java.util.concurrent.Callable<T> call) {
        try {
            return call.call();
        } catch (ClusterTargetException | CliException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterTargetException(e.getMessage() == null ? e.toString() : e.getMessage(), 2);
        }
    }

    /** A deployer (e.g. YARN) could not do what was asked; the message says why. */
    static final class ClusterTargetException extends RuntimeException {
        private final int exitCode;

        ClusterTargetException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    private int stopCluster(List<String> args) {
        if (args.size() != 2 || !(args.get(0).equals("-yid") || args.get(0).equals("--yarnapplicationId"))) {
            throw new CliException("usage: sluice stop -yid <applicationId>");
        }
        ClusterDeployer yarn = yarnDeployer();
        Configuration config = loadConfiguration(List.of());
        return deployed(() -> yarn.stopCluster(config, args.get(1), out, err));
    }

    private static ClusterDeployer yarnDeployer() {
        ClusterDeployer yarn = ClusterDeployer.forPrefix("yarn");
        if (yarn == null) {
            throw new CliException("-yid needs the YARN support (sluice-yarn-client) on the classpath");
        }
        return yarn;
    }

    /** -m host:port, -yid appId, or neither (then a recorded YARN session, else the configured REST address). */
    private RestClient clusterRestClient(List<String> args, int[] consumed) {
        return clusterRestClient(args, consumed, loadConfiguration(List.of()), CALL_TIMEOUT);
    }

    /** @param timeout for each whole call */
    private RestClient clusterRestClient(List<String> args, int[] consumed, Configuration config, Duration timeout) {
        if (args.size() >= 2 && (args.get(0).equals("-m") || args.get(0).equals("--jobmanager"))) {
            consumed[0] = 2;
            return restClient(config, args.get(1), timeout);
        }
        if (args.size() >= 2 && (args.get(0).equals("-yid") || args.get(0).equals("--yarnapplicationId"))) {
            consumed[0] = 2;
            String address = deployed(() -> yarnDeployer().restAddress(config, args.get(1), err));
            return new RestClient(address, timeout);
        }
        consumed[0] = 0;
        // like run: without -m or -yid, the YARN session recorded by yarn-session.sh, if there is one
        ClusterDeployer yarn = ClusterDeployer.forPrefix("yarn");
        String session = yarn == null ? null : yarn.defaultClusterId(config, err);
        if (session != null) {
            err.println("Using the YARN session " + session + " recorded by yarn-session.sh (give -m or -yid to choose another cluster)");
            String address = deployed(() -> yarn.restAddress(config, session, err));
            return new RestClient(address, timeout);
        }
        return restClient(config, null, timeout);
    }

    /** 2 when a job could not be submitted (nothing of it ran), else 1 (a job or main() failed). */
    private int reportProgramFailure(ProgramLauncher.ProgramFailedException e) {
        SubmissionException notSubmitted = find(e, SubmissionException.class);
        JobExecutionException jobFailure = find(e, JobExecutionException.class);
        RestClientException restFailure = find(e, RestClientException.class);
        if (notSubmitted != null) {
            err.println("Error: " + notSubmitted.getMessage());
            return 2;
        } else if (jobFailure != null) {
            err.println("Error: " + jobFailure.getMessage());
            SerializedThrowable remote = find(jobFailure, SerializedThrowable.class);
            if (remote != null) {
                err.println("Cause (as recorded by the cluster):");
                err.println(remote.originalStackTrace());
            }
        } else if (restFailure != null) {
            err.println("Error: could not submit the job: " + restFailure.getMessage());
        } else {
            err.println("Error: " + e.getMessage());
            e.getCause().printStackTrace(err);
        }
        return 1;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private int list(List<String> args) throws RestClientException {
        int[] consumed = new int[1];
        RestClient client = clusterRestClient(args, consumed);
        if (args.size() != consumed[0]) {
            throw new CliException("usage: sluice list [-m host:port | -yid applicationId]");
        }
        JsonNode jobs = client.getJson("/jobs/overview").path("jobs");
        if (jobs.isEmpty()) {
            out.println("No jobs.");
            return 0;
        }
        out.printf("%-32s  %-10s  %s%n", "JOB ID", "STATUS", "NAME");
        for (JsonNode job : jobs) {
            out.printf("%-32s  %-10s  %s%n", job.path("jid").asText(), job.path("state").asText(), job.path("name").asText());
        }
        return 0;
    }

    private int cancel(List<String> args) throws RestClientException {
        int[] consumed = new int[1];
        RestClient client = clusterRestClient(args, consumed);
        List<String> rest = args.subList(consumed[0], args.size());
        if (rest.size() != 1) {
            throw new CliException("usage: sluice cancel [-m host:port | -yid applicationId] <jobId>");
        }
        JobId id;
        try {
            id = JobId.fromHexString(rest.get(0));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        client.patch("/jobs/" + id + "?mode=cancel", Void.class);
        out.println("Cancelled job " + id + ".");
        return 0;
    }

    private int checkpoint(List<String> args) throws RestClientException {
        Configuration config = loadConfiguration(List.of());
        // the JobManager answers once the checkpoint completed: it may wait for a running one and then
        // take up to the checkpoint timeout itself
        Duration timeout = config.get(CheckpointingOptions.TIMEOUT).multipliedBy(2).plus(CALL_TIMEOUT);
        int[] consumed = new int[1];
        RestClient client = clusterRestClient(args, consumed, config, timeout);
        List<String> rest = args.subList(consumed[0], args.size());
        if (rest.size() != 1) {
            throw new CliException("usage: sluice checkpoint [-m host:port | -yid applicationId] <jobId>");
        }
        JobId id;
        try {
            id = JobId.fromHexString(rest.get(0));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        err.println("Triggering a checkpoint of job " + id + " ...");
        JsonNode answer = client.postJson("/jobs/" + id + "/checkpoints", null, JsonNode.class);
        long checkpointId = answer.path("checkpoint-id").asLong(-1);
        err.println("Checkpoint " + checkpointId + " of job " + id + " completed.");
        out.println(checkpointId); // alone on stdout, for scripts
        return 0;
    }

    private static Configuration loadConfiguration(List<String> dynamic) {
        return EntrypointArguments.parse(dynamic.stream().map(d -> "-D" + d).toArray(String[]::new))
                .loadConfiguration();
    }

    private static RestClient restClient(Configuration config, String hostPort) {
        return restClient(config, hostPort, CALL_TIMEOUT);
    }

    private static RestClient restClient(Configuration config, String hostPort, Duration timeout) {
        String address;
        if (hostPort != null) {
            if (!hostPort.matches("[^:/\\s]+:\\d{1,5}")) {
                throw new CliException("'" + hostPort + "' is not host:port (e.g. -m localhost:8081)");
            }
            address = hostPort;
        } else {
            String host = config.getOptional(RestOptions.ADDRESS).orElse(config.get(JobManagerOptions.RPC_ADDRESS));
            address = host + ":" + config.get(RestOptions.PORT);
        }
        return new RestClient("http://" + address, timeout);
    }
}
