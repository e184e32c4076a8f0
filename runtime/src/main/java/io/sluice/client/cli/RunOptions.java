package io.sluice.client.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Parsed {@code run} arguments:
 * {@code [-t target] [-m host:port] [-p N] [-d] [-c class] [-s path [-n]] [-D k=v]... <jar> [args...]}.
 *
 * @param restorePath the retained checkpoint the job starts from ({@code -s}), or null
 */
record RunOptions(String target, boolean targetGiven, String clusterId, String jobManager, Integer parallelism, boolean detached, String entryClass,
                  String restorePath, boolean allowNonRestoredState,
                  List<String> dynamicProperties, String jar, List<String> programArgs) {

    static final String USAGE = """
            Usage: sluice run [options] <jar> [program arguments]
              -t, --target <target>         where to run: 'remote' submits to a running cluster (default),
                                            'local' starts an embedded cluster for this run,
                                            'yarn-session' submits to a YARN session (-yid or the one
                                            yarn-session.sh recorded), 'yarn-per-job' starts a YARN
                                            application for the job, 'yarn-application' runs main()
                                            in a new YARN application
              -yid, --yarnapplicationId <id> the YARN session to submit to (yarn-session)
              -yt, --yarnship <files>       local files (';'-separated) shipped into the YARN containers
              -m, --jobmanager <host:port>  REST address of the cluster (default: rest.address:rest.port)
              -p, --parallelism <n>         default parallelism of the job
              -d, --detached                submit, print the job id and return
              -c, --class <class>           entry class, if the jar's manifest names none
              -s, --fromSavepoint <path>    start the job from a retained checkpoint: its chk-<n>
                                            directory or _metadata file
              -n, --allowNonRestoredState   with -s: drop state of operators the job no longer has
              -D <key=value>                configuration override (repeatable)""";

    static RunOptions parse(List<String> args) {
        String target = "remote";
        boolean targetGiven = false;
        String clusterId = null;
        String jm = null;
        Integer p = null;
        boolean detached = false;
        String entry = null;
        String restorePath = null;
        boolean allowNonRestored = false;
        List<String> dynamic = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) {
                break;
            }
            switch (a) {
                case "-t", "--target" -> {
                    target = value(args, ++i, a);
                    targetGiven = true;
                }
                case "-yid", "--yarnapplicationId" -> clusterId = value(args, ++i, a);
                case "-yt", "--yarnship" -> dynamic.add("yarn.ship-files=" + value(args, ++i, a));
                case "-m", "--jobmanager" -> jm = value(args, ++i, a);
                case "-p", "--parallelism" -> p = parallelism(value(args, ++i, a));
                case "-d", "--detached" -> detached = true;
                case "-c", "--class" -> entry = value(args, ++i, a);
                case "-s", "--fromSavepoint" -> restorePath = value(args, ++i, a);
                case "-n", "--allowNonRestoredState" -> allowNonRestored = true;
                case "-D" -> dynamic.add(value(args, ++i, a));
                default -> {
                    if (a.startsWith("-D") && a.length() > 2) {
                        dynamic.add(a.substring(2));
                    } else {
                        throw new CliException("unknown option '" + a + "' for run\n" + USAGE);
                    }
                }
            }
        }
        if (i >= args.size()) {
            throw new CliException("no jar given: sluice run needs the job's jar file\n" + USAGE);
        }
        if (allowNonRestored && restorePath == null) {
            throw new CliException("-n (--allowNonRestoredState) only applies with -s <checkpoint path>");
        }
        if (restorePath != null && restorePath.isBlank()) {
            throw new CliException("-s needs the path of a retained checkpoint (its chk-<n> directory or _metadata file)");
        }
        if (clusterId != null && !targetGiven) {
            target = "yarn-session";
            targetGiven = true;
        }
        if (!target.equals("local") && !target.equals("remote")
                && io.sluice.client.ClusterDeployer.forTarget(target) == null) {
            throw new CliException("unknown target '" + target + "': use -t local, remote, yarn-session, yarn-per-job"
                    + " or yarn-application (the YARN targets need the sluice-yarn-client module on the classpath)");
        }
        return new RunOptions(target, targetGiven, clusterId, jm, p, detached, entry, restorePath, allowNonRestored,
                List.copyOf(dynamic), args.get(i),
                List.copyOf(args.subList(i + 1, args.size())));
    }

    /** What {@code -s} and {@code -n} set in the configuration of every job the program submits. */
    java.util.Map<String, String> jobSettings() {
        if (restorePath == null) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put(io.sluice.config.CheckpointingOptions.RESTORE_PATH.key(), restorePath);
        if (allowNonRestoredState) {
            settings.put(io.sluice.config.CheckpointingOptions.IGNORE_UNCLAIMED_STATE.key(), "true");
        }
        return settings;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new CliException("option " + option + " needs a value");
        }
        return args.get(i);
    }

    private static int parallelism(String v) {
        try {
            int p = Integer.parseInt(v);
            if (p < 1) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new CliException("parallelism must be a positive number, got '" + v + "'");
        }
    }
}
