package io.sluice.resourcemanager;

import io.sluice.common.ResourceId;
import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import io.sluice.config.TaskManagerOptions;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts TaskManagers as JVMs on this machine, with this JVM's classpath and the JobManager's
 * configuration, and reports when one exits. This is the real worker lifecycle (start, register,
 * die, replace, release) without YARN.
 */
public final class ProcessWorkerDriver implements ResourceManagerDriver {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessWorkerDriver.class);
    private static final String MAIN_CLASS = "io.sluice.entrypoint.TaskManagerRunner";
    private static final String LOCAL_HOST = localHost();

    private final Configuration clusterConfiguration;
    private final List<String> javaOptions;
    private final Path workDir;
    private final Path logDir;
    private final Map<ResourceId, Process> processes = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    private WorkerEventHandler handler;
    private Executor mainThread;
    private Path confDir;

    /**
     * @param clusterConfiguration what the TaskManagers get as their sluice.yaml (must name the JobManager)
     * @param javaOptions          JVM options of each TaskManager, e.g. "-Xmx512m"
     * @param workDir              where the TaskManagers' configuration is written
     * @param logDir               where each TaskManager's log and output go
     */
    public ProcessWorkerDriver(Configuration clusterConfiguration, String javaOptions, Path workDir, Path logDir) {
        this.clusterConfiguration = clusterConfiguration;
        this.javaOptions = javaOptions.isBlank() ? List.of() : List.of(javaOptions.trim().split("\\s+"));
        this.workDir = workDir;
        this.logDir = logDir;
    }

    @Override
    public void initialize(WorkerEventHandler handler, Executor mainThread) throws IOException {
        this.handler = handler;
        this.mainThread = mainThread;
        this.confDir = Files.createDirectories(workDir.resolve("taskmanager-conf"));
        Files.createDirectories(logDir);
        try (Writer out = Files.newBufferedWriter(confDir.resolve(ConfigLoader.CONFIG_FILE_NAME), StandardCharsets.UTF_8)) {
            out.write("# Written by the JobManager for the TaskManagers it starts.\n");
            for (Map.Entry<String, String> e : clusterConfiguration.toMap().entrySet()) {
                out.write(e.getKey() + ": \"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
            }
        }
    }

    @Override
    public boolean canStartWorkers() {
        return true;
    }

    @Override
    public CompletableFuture<StartedWorker> requestWorker(WorkerSpec spec) {
        ResourceId id = new ResourceId("taskmanager-" + counter.incrementAndGet() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 4));
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(javaOptions);
        // the logging configuration of this JVM: reload4j's (the distribution) or Log4j 2's (tests)
        for (String property : List.of("log4j.configuration", "log4j.configurationFile")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.add("-Dsluice.log.file=" + logDir.resolve(id + ".log"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("--configDir");
        command.add(confDir.toString());
        command.add("-D" + TaskManagerOptions.RESOURCE_ID.key() + "=" + id.value());
        command.add("-D" + TaskManagerOptions.NUM_TASK_SLOTS.key() + "=" + spec.slots());
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logDir.resolve(id + ".out").toFile())
                    .start();
            long started = System.currentTimeMillis();
            processes.put(id, process);
            LOG.info("Started TaskManager {} as process {}", id, process.pid());
            process.onExit().thenAccept(p -> {
                if (processes.remove(id) != null) {
                    mainThread.execute(() -> handler.onWorkerTerminated(id, p.exitValue(), "process " + p.pid()
                            + " exited with code " + p.exitValue() + " (output in " + logDir.resolve(id + ".out") + ")"));
                }
            });
            // a local process: its "resources" are granted when it is started
            return CompletableFuture.completedFuture(new StartedWorker(id, LOCAL_HOST, started, started));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new IOException("cannot start a TaskManager JVM: " + e.getMessage(), e));
        }
    }

    @Override
    public void releaseWorker(ResourceId worker) {
        Process process = processes.remove(worker);
        if (process != null) {
            LOG.info("Stopping TaskManager {} (process {})", worker, process.pid());
            stop(process);
        }
    }

    private static String localHost() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void stop(Process process) {
        process.destroy(); // SIGTERM: the TaskManager shuts down cleanly
        process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(t -> {
            process.destroyForcibly();
            return process;
        });
    }

    @Override
    public CompletableFuture<Void> terminate() {
        List<Process> all = new ArrayList<>(processes.values());
        processes.clear();
        all.forEach(ProcessWorkerDriver::stop);
        return CompletableFuture.allOf(all.stream()
                .map(p -> p.onExit().orTimeout(15, TimeUnit.SECONDS).exceptionally(t -> p))
                .toArray(CompletableFuture[]::new));
    }
}
