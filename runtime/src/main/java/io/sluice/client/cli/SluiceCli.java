package io.sluice.client.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.JobExecutionException;
import io.sluice.api.PipelineExecutor;
import io.sluice.api.StreamEnvironment;
import io.sluice.client.LocalClusterExecutor;
import io.sluice.client.RestClusterExecutor;
import io.sluice.config.Configuration;
import io.sluice.config.IllegalConfigurationException;
import io.sluice.config.JobManagerOptions;
import io.sluice.config.RestOptions;
import io.sluice.entrypoint.EntrypointArguments;
import io.sluice.entrypoint.JobManager;
import io.sluice.entrypoint.TaskManagerRunner;
import io.sluice.graph.JobId;
import io.sluice.rest.RestClient;
import io.sluice.rest.RestClientException;
import io.sluice.rpc.SerializedThrowable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code bin/sluice}: run, list and cancel jobs, and start standalone JobManager and TaskManager
 * processes. Exit codes: 0 success, 1 the job or the program failed, 2 wrong usage or bad input.
 */
public final class SluiceCli {

    static final String USAGE = """
            Usage: sluice <command> [options]
              run [options] <jar> [args]   run a job (sluice run -h for options)
              list [-m host:port]          list running and finished jobs
              cancel [-m host:port] <id>   cancel a running job
              jobmanager [-D k=v]...       start a standalone JobManager in the foreground
              taskmanager [-D k=v]...      start a standalone TaskManager in the foreground
            The configuration comes from $SLUICE_CONF_DIR/sluice.yaml; -D key=value overrides it.""";

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
                default -> throw new CliException("unknown command '" + args.get(0) + "'\n" + USAGE);
            };
        } catch (CliException | IllegalConfigurationException e) {
            err.println("Error: " + e.getMessage());
            return 2;
        } catch (RestClientException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private int runJob(List<String> args) {
        if (!args.isEmpty() && (args.get(0).equals("-h") || args.get(0).equals("--help"))) {
            err.println(RunOptions.USAGE);
            return 0;
        }
        RunOptions options = RunOptions.parse(args);
        Configuration config = loadConfiguration(options.dynamicProperties());
        ProgramLauncher launcher = new ProgramLauncher(Path.of(options.jar()), options.entryClass());
        int parallelism = options.parallelism() != null ? options.parallelism()
                : config.get(JobManagerOptions.DEFAULT_PARALLELISM);
        List<JobId> submitted = new ArrayList<>();
        Consumer<JobId> onSubmitted = id -> {
            submitted.add(id);
            if (options.detached()) {
                out.println(id.toHexString());
            } else {
                err.println("Job has been submitted with JobID " + id);
            }
        };
        List<Path> jars = List.of(Path.of(options.jar()).toAbsolutePath());
        PipelineExecutor executor;
        if (options.target().equals("local")) {
            if (options.detached()) {
                throw new CliException("-d needs a cluster that outlives this command: use -t remote with a running cluster");
            }
            executor = new LocalClusterExecutor(config, jars, onSubmitted);
        } else {
            executor = new RestClusterExecutor(restClient(config, options.jobManager()), jars, options.detached(), onSubmitted);
        }
        StreamEnvironment.initializeContext(executor, parallelism);
        try {
            launcher.run(options.programArgs());
        } catch (ProgramLauncher.ProgramFailedException e) {
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

    private int reportProgramFailure(ProgramLauncher.ProgramFailedException e) {
        JobExecutionException jobFailure = find(e, JobExecutionException.class);
        RestClientException restFailure = find(e, RestClientException.class);
        if (jobFailure != null) {
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
        String jm = args.size() >= 2 && (args.get(0).equals("-m") || args.get(0).equals("--jobmanager")) ? args.get(1) : null;
        if (args.size() != (jm == null ? 0 : 2)) {
            throw new CliException("usage: sluice list [-m host:port]");
        }
        JsonNode jobs = restClient(loadConfiguration(List.of()), jm).getJson("/jobs/overview").path("jobs");
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
        String jm = null;
        List<String> rest = new ArrayList<>(args);
        if (rest.size() >= 2 && (rest.get(0).equals("-m") || rest.get(0).equals("--jobmanager"))) {
            jm = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.size() != 1) {
            throw new CliException("usage: sluice cancel [-m host:port] <jobId>");
        }
        JobId id;
        try {
            id = JobId.fromHexString(rest.get(0));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        restClient(loadConfiguration(List.of()), jm).patch("/jobs/" + id + "?mode=cancel", Void.class);
        out.println("Cancelled job " + id + ".");
        return 0;
    }

    private static Configuration loadConfiguration(List<String> dynamic) {
        return EntrypointArguments.parse(dynamic.stream().map(d -> "-D" + d).toArray(String[]::new))
                .loadConfiguration();
    }

    private static RestClient restClient(Configuration config, String hostPort) {
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
        return new RestClient("http://" + address, Duration.ofSeconds(60));
    }
}
