package io.sluice.it.dataflow.jobs;

import io.sluice.api.StreamEnvironment;
import java.util.List;

/**
 * Test job: reports, for each probed class, whether user code finds it and where: {@code job} (the
 * job's own jar), {@code class-path} (the process's class path) or {@code hidden}. From main() on
 * standard output, from a function on a TaskManager into {@code <output>}, one
 * {@code where,class,answer} line each.
 */
public final class ClassVisibilityJob {

    /**
     * The runtime's RPC libraries, which must stay out of the job's sight; one API class, which must be
     * shared; a library Hadoop's class path has in containers, which a job may bundle in another version.
     */
    public static final List<String> PROBED = List.of("akka.actor.ActorSystem", "scala.Option",
            "com.typesafe.config.ConfigFactory", "io.sluice.api.StreamEnvironment",
            "org.apache.commons.lang3.StringUtils");

    private ClassVisibilityJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = args[args.length - 1];
        probe("main").forEach(System.out::println);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.fromSequence(1, 1)
                .map(v -> String.join("\n", probe("taskmanager")))
                .writeAsText(output);
        env.execute("class visibility");
    }

    static List<String> probe(String where) {
        ClassLoader userCode = ClassVisibilityJob.class.getClassLoader();
        return PROBED.stream().map(name -> where + "," + name + "," + origin(name, userCode)).toList();
    }

    private static String origin(String name, ClassLoader userCode) {
        try {
            return Class.forName(name, false, userCode).getClassLoader() == userCode ? "job" : "class-path";
        } catch (ClassNotFoundException e) {
            return "hidden";
        }
    }
}
