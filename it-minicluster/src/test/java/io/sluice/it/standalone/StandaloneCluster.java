package io.sluice.it.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A JobManager and N TaskManager processes started from the distribution, for integration tests in
 * other packages (the dataflow tests): the public face of {@link Distribution}.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** Outcome of a CLI command. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private final Distribution dist;
    private final String jm;

    private StandaloneCluster(Distribution dist, String jm) {
        this.dist = dist;
        this.jm = jm;
    }

    /**
     * Starts the processes with logs and {@code .out} files under {@code logDir} and waits until all
     * TaskManagers have registered.
     */
    public static StandaloneCluster start(Path logDir, int taskManagers, int slotsPerTaskManager, String... extraOptions)
            throws Exception {
        Distribution dist = new Distribution(Files.createDirectories(logDir));
        List<String> extra = new ArrayList<>();
        for (String option : extraOptions) {
            extra.add("-D");
            extra.add(option);
        }
        try {
            Distribution.JobManagerProcess jm = dist.startJobManager("jobmanager", extra);
            for (int i = 0; i < taskManagers; i++) {
                List<String> tmArgs = new ArrayList<>(List.of("taskmanager", "-D",
                        "taskmanager.numberOfTaskSlots=" + slotsPerTaskManager));
                tmArgs.addAll(jm.taskManagerOptions());
                tmArgs.addAll(extra);
                dist.startDaemon("taskmanager-" + i, tmArgs);
            }
            dist.awaitCluster(jm.restUrl() + "/overview", o -> o.path("taskmanagers").asInt() == taskManagers,
                    Duration.ofSeconds(90));
            return new StandaloneCluster(dist, jm.restAddress());
        } catch (Exception | AssertionError e) {
            dist.stopAll();
            throw e;
        }
    }

    /** host:port of the REST endpoint, for {@code bin/sluice run -m}. */
    public String jobManagerAddress() {
        return jm;
    }

    /** The distribution's {@code examples/} folder. */
    public Path examplesDir() {
        return dist.home.resolve("examples");
    }

    /** What TaskManager {@code index} printed to its standard output and error (its {@code .out} file). */
    public String taskManagerOutput(int index) throws Exception {
        return Files.readString(dist.logDir.resolve("taskmanager-" + index + ".out"));
    }

    /** Runs {@code bin/sluice <args>} to completion. */
    public Result sluice(List<String> args, Duration timeout) throws Exception {
        Distribution.Result r = dist.run(args, timeout);
        return new Result(r.exitCode(), r.stdout(), r.stderr());
    }

    /** {@code bin/sluice run -m <this cluster> <runArgs>}. */
    public Result run(List<String> runArgs, Duration timeout) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "-m", jm));
        args.addAll(runArgs);
        return sluice(args, timeout);
    }

    @Override
    public void close() throws Exception {
        dist.stopAll();
    }
}
