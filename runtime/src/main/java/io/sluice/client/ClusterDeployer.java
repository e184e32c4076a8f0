package io.sluice.client;

import io.sluice.api.PipelineExecutor;
import io.sluice.config.Configuration;
import io.sluice.api.common.JobId;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deploys clusters for the CLI targets that runtime itself does not know (e.g. {@code yarn-session},
 * {@code yarn-per-job}, {@code yarn-application}). Implementations live in other modules and are
 * found with {@link ServiceLoader}: list them in {@code META-INF/services/io.sluice.client.ClusterDeployer}.
 * Runtime never references them by name.
 */
public interface ClusterDeployer {

    /** The {@code -t} targets this deployer serves. */
    Set<String> targets();

    /**
     * The executor used while the user's main() runs in the client, or {@code null} when this target
     * runs main() inside the cluster (then {@link #runInCluster} is called instead).
     */
    PipelineExecutor createExecutor(String target, RunContext context);

    /** Deploys a cluster that runs the program's main() itself; returns the CLI's exit code. */
    int runInCluster(String target, RunContext context) throws Exception;

    /**
     * The REST address ({@code http://host:port}) of a running cluster of this deployer, for
     * {@code list}, {@code cancel} and session submissions. {@code clusterId} may be null: then the
     * deployer's default (e.g. the session recorded by yarn-session.sh) is used.
     *
     * @throws IllegalArgumentException with a message for the user when the cluster is unknown or ended
     */
    String restAddress(Configuration config, String clusterId, PrintStream err) throws Exception;

    /**
     * The cluster that {@code sluice run} uses when neither -t nor -m is given (e.g. the session
     * recorded by yarn-session.sh), or null. A record of a cluster that has ended is ignored, and
     * the deployer says so on {@code err}.
     */
    default String defaultClusterId(Configuration config, PrintStream err) {
        return null;
    }

    /** Stops a cluster gracefully (its jobs are cancelled); returns the CLI's exit code. */
    int stopCluster(Configuration config, String clusterId, PrintStream out, PrintStream err) throws Exception;

    /**
     * What the CLI knows about one {@code run}.
     *
     * @param jar         the job's jar (absolute)
     * @param entryClass  main class (never null: the CLI resolved it)
     * @param clusterId   {@code -yid}, or null
     * @param onSubmitted called with each job id as soon as it is accepted
     */
    record RunContext(Configuration configuration, Path jar, String entryClass, List<String> programArgs,
                      int parallelism, boolean detached, String clusterId, PrintStream out, PrintStream err,
                      Consumer<JobId> onSubmitted) {}

    /** The deployer serving {@code target}, or null. */
    static ClusterDeployer forTarget(String target) {
        for (ClusterDeployer d : ServiceLoader.load(ClusterDeployer.class, ClusterDeployer.class.getClassLoader())) {
            if (d.targets().contains(target)) {
                return d;
            }
        }
        return null;
    }

    /** The deployer whose targets start with {@code prefix} (e.g. "yarn"), or null. */
    static ClusterDeployer forPrefix(String prefix) {
        for (ClusterDeployer d : ServiceLoader.load(ClusterDeployer.class, ClusterDeployer.class.getClassLoader())) {
            if (d.targets().stream().anyMatch(t -> t.startsWith(prefix))) {
                return d;
            }
        }
        return null;
    }
}
