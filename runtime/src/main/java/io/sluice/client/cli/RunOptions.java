package io.sluice.client.cli;

import java.util.ArrayList;
import java.util.List;

/** Parsed {@code run} arguments: {@code [-t target] [-m host:port] [-p N] [-d] [-c class] [-D k=v]... <jar> [args...]}. */
record RunOptions(String target, String jobManager, Integer parallelism, boolean detached, String entryClass,
                  List<String> dynamicProperties, String jar, List<String> programArgs) {

    static final String USAGE = """
            Usage: sluice run [options] <jar> [program arguments]
              -t, --target <local|remote>   where to run: 'remote' submits to a running cluster (default),
                                            'local' starts an embedded cluster for this run
              -m, --jobmanager <host:port>  REST address of the cluster (default: rest.address:rest.port)
              -p, --parallelism <n>         default parallelism of the job
              -d, --detached                submit, print the job id and return
              -c, --class <class>           entry class, if the jar's manifest names none
              -D <key=value>                configuration override (repeatable)""";

    static RunOptions parse(List<String> args) {
        String target = "remote";
        String jm = null;
        Integer p = null;
        boolean detached = false;
        String entry = null;
        List<String> dynamic = new ArrayList<>();
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("-")) {
                break;
            }
            switch (a) {
                case "-t", "--target" -> target = value(args, ++i, a);
                case "-m", "--jobmanager" -> jm = value(args, ++i, a);
                case "-p", "--parallelism" -> p = parallelism(value(args, ++i, a));
                case "-d", "--detached" -> detached = true;
                case "-c", "--class" -> entry = value(args, ++i, a);
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
        if (!target.equals("local") && !target.equals("remote")) {
            throw new CliException("unknown target '" + target + "': use -t local or -t remote"
                    + " (YARN targets come with the sluice-yarn-client module)");
        }
        return new RunOptions(target, jm, p, detached, entry, List.copyOf(dynamic), args.get(i),
                List.copyOf(args.subList(i + 1, args.size())));
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
