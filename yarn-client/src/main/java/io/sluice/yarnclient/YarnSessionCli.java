package io.sluice.yarnclient;

import io.sluice.config.ConfigLoader;
import io.sluice.config.Configuration;
import io.sluice.config.TaskManagerOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.yarn.api.records.ApplicationReport;

/**
 * {@code bin/yarn-session.sh}: starts a Sluice session on YARN (attached: prints the web UI and
 * stops on {@code stop}; detached with -d), re-attaches with -id, stops with --stop.
 * Exit codes (docs/deployment.md): 0 success; 1 an attached session ended unsuccessfully (or was
 * lost track of); 2 wrong usage, bad input, or the session could not be deployed, found or stopped.
 */
public final class YarnSessionCli {

    static final String USAGE = """
            Usage: yarn-session.sh [options]
              -d, --detached           start the session and return (prints the application id)
              -id <applicationId>      attach to a running session (or with --stop: stop it)
              -nm <name>               YARN application name
              -qu <queue>              YARN queue
              -jm <memory>             JobManager container memory, e.g. 1024m (MB when no unit)
              -tm <memory>             TaskManager container memory, e.g. 1536m
              -s <slots>               slots per TaskManager
              -yt <files>              local files (';'-separated) shipped into every container
              -D <key=value>           configuration override (repeatable; sluice.hadoop.<key> for Hadoop keys)
              --stop                   stop the session (-id, or the one recorded by the last yarn-session.sh)
            Attached, type 'stop' to stop the session.""";

    private final PrintStream out;
    private final PrintStream err;

    YarnSessionCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new YarnSessionCli(System.out, System.err).run(args, System.in));
    }

    int run(String[] argv, java.io.InputStream stdin) {
        boolean detached = false;
        boolean stop = false;
        String id = null;
        List<String> dynamic = new ArrayList<>();
        try {
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "-h", "--help" -> {
                        err.println(USAGE);
                        return 0;
                    }
                    case "-d", "--detached" -> detached = true;
                    case "--stop" -> stop = true;
                    case "-id", "--applicationId" -> id = value(argv, ++i, a);
                    case "-nm", "--name" -> dynamic.add(YarnOptions.APPLICATION_NAME.key() + "=" + value(argv, ++i, a));
                    case "-qu", "--queue" -> dynamic.add(YarnOptions.APPLICATION_QUEUE.key() + "=" + value(argv, ++i, a));
                    case "-jm", "--jobManagerMemory" -> dynamic.add(YarnOptions.JOBMANAGER_PROCESS_SIZE.key() + "=" + memory(value(argv, ++i, a)));
                    case "-tm", "--taskManagerMemory" -> dynamic.add(YarnOptions.TASKMANAGER_PROCESS_SIZE.key() + "=" + memory(value(argv, ++i, a)));
                    case "-yt", "--ship" -> dynamic.add(YarnOptions.SHIP_FILES.key() + "=" + value(argv, ++i, a));
                    case "-s", "--slots" -> dynamic.add(TaskManagerOptions.NUM_TASK_SLOTS.key() + "=" + value(argv, ++i, a));
                    case "-D" -> dynamic.add(value(argv, ++i, a));
                    default -> {
                        if (a.startsWith("-D") && a.length() > 2) {
                            dynamic.add(a.substring(2));
                        } else {
                            throw new IllegalArgumentException("unknown option '" + a + "'\n" + USAGE);
                        }
                    }
                }
            }
            Path confDir = ConfigLoader.confDirFromEnvironment(null);
            Map<String, String> overrides = ConfigLoader.parseDynamicProperties(dynamic);
            Configuration config = confDir == null ? Configuration.fromMap(overrides) : ConfigLoader.loadFromDirectory(confDir, overrides);
            ConfigLoader.validate(config);
            YarnClusterDeployer deployer = new YarnClusterDeployer();
            if (stop) {
                String target = id != null ? id : YarnPropertiesFile.read(config);
                if (target == null) {
                    throw new IllegalArgumentException("--stop needs -id <applicationId> (no session is recorded in "
                            + YarnPropertiesFile.location(config) + ")");
                }
                return deployer.stopCluster(config, target, out, err);
            }
            if (id != null) {
                String address = deployer.restAddress(config, id, err);
                err.println("Attached to session " + id + " (REST " + address + ")");
                return attached(config, deployer, id, stdin);
            }
            String started;
            try (YarnClusterDescriptor descriptor = new YarnClusterDescriptor(config, System.getenv(), err)) {
                YarnClusterDescriptor.Deployment d = descriptor.deploy(YarnClusterDescriptor.ClusterSpec.session());
                YarnPropertiesFile.write(config, d.applicationId().toString());
                err.println("Sluice session " + d.applicationId() + " is running.");
                err.println("  Web UI: " + d.webUi());
                err.println("  REST:   " + d.restAddress());
                err.println("  Submit: bin/sluice run -t yarn-session -yid " + d.applicationId() + " <jar>");
                if (detached) {
                    out.println(d.applicationId());
                    err.println("Stop it with: bin/yarn-session.sh -id " + d.applicationId() + " --stop");
                    return 0;
                }
                started = d.applicationId().toString();
            }
            return attached(config, deployer, started, stdin);
        } catch (Exception e) {
            // usage, configuration, deployment (unknown queue, too big, YARN unreachable), attach and stop errors
            err.println("Error: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 2;
        }
    }

    /** Waits for 'stop' on stdin or for the application to end on its own. */
    private int attached(Configuration config, YarnClusterDeployer deployer, String id, java.io.InputStream stdin)
            throws Exception {
        err.println("Type 'stop' to stop the session (leaving this command without it keeps the session running).");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.trim().equalsIgnoreCase("stop")) {
                        deployer.stopCluster(config, id, out, err);
                        return;
                    }
                    err.println("Unknown command '" + line.trim() + "': type 'stop' to stop the session");
                }
            } catch (Exception e) {
                err.println("Error: " + e.getMessage());
            }
        }, "stdin");
        reader.setDaemon(true);
        reader.start();
        try (YarnClusterDescriptor descriptor = new YarnClusterDescriptor(config, System.getenv(), err)) {
            ApplicationReport end;
            try {
                end = new ApplicationWaiter(descriptor.yarnClient(), err)
                        .awaitFinished(org.apache.hadoop.yarn.api.records.ApplicationId.fromString(id), java.time.Duration.ofDays(3650));
            } catch (Exception e) {
                err.println("Error: lost track of session " + id + " (" + e.getMessage() + "); it may still run: "
                        + "re-attach with bin/yarn-session.sh -id " + id);
                return 1;
            }
            reader.join(5000);
            YarnPropertiesFile.clear(config, id);
            err.println("Session " + id + " ended: " + end.getFinalApplicationStatus());
            return end.getFinalApplicationStatus() == org.apache.hadoop.yarn.api.records.FinalApplicationStatus.SUCCEEDED ? 0 : 1;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + option + " needs a value");
        }
        return args[i];
    }

    private static String memory(String v) {
        return v.matches("\\d+") ? v + "m" : v;
    }
}
