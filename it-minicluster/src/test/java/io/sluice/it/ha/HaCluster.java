package io.sluice.it.ha;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.ha.zookeeper.HaTestCluster;
import io.sluice.it.standalone.Distribution;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;

/**
 * JobManager and TaskManager processes of the distribution, configured for ZooKeeper HA against the
 * ZooKeeper and HDFS that run in the test JVM.
 */
final class HaCluster {

    final Distribution dist;
    final HaTestCluster backing;
    final String clusterId;
    final List<String> haOptions;
    final List<Integer> restPorts = new ArrayList<>();
    final List<Process> jobManagers = new ArrayList<>();

    HaCluster(Distribution dist, HaTestCluster backing, String clusterId, String sessionTimeout) {
        this.dist = dist;
        this.backing = backing;
        this.clusterId = clusterId;
        this.haOptions = List.of(
                "-D", "high-availability.type=zookeeper",
                "-D", "high-availability.zookeeper.quorum=" + backing.quorum(),
                "-D", "high-availability.storageDir=" + backing.hdfsUri() + "/sluice-ha",
                "-D", "high-availability.cluster-id=" + clusterId,
                "-D", "high-availability.zookeeper.client.session-timeout=" + sessionTimeout,
                "-D", "high-availability.zookeeper.client.connection-timeout=3 s",
                "-D", "restart-strategy.fixed-delay.delay=200 ms");
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Starts a JobManager process with its own RPC and REST ports; returns its index once it listens. */
    int startJobManager(String instanceId) throws Exception {
        Distribution.JobManagerProcess jm = dist.startJobManager("jobmanager-" + instanceId, concat(
                List.of("-D", "high-availability.instance-id=" + instanceId), haOptions));
        restPorts.add(jm.restPort());
        jobManagers.add(jm.process());
        return jobManagers.size() - 1;
    }

    void startTaskManager(String name, int slots) throws IOException {
        dist.startDaemon(name, concat(List.of("taskmanager", "-D", "taskmanager.numberOfTaskSlots=" + slots), haOptions));
    }

    String rest(int jobManager) {
        return "http://localhost:" + restPorts.get(jobManager);
    }

    /** Index of the JobManager whose REST API answers as leader (the standby answers 503). */
    int awaitLeader(Duration timeout, int... candidates) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i : candidates) {
                try {
                    Distribution.getJson(rest(i) + "/overview");
                    return i;
                } catch (IOException e) {
                    // not (yet) leader, or not up
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no JobManager became leader within " + timeout);
    }

    /** Polls the job on every JobManager until one answers with details that satisfy the condition. */
    JsonNode awaitJob(String jobId, Predicate<JsonNode> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "(no answer)";
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < restPorts.size(); i++) {
                if (!jobManagers.get(i).isAlive()) {
                    continue;
                }
                try {
                    JsonNode job = Distribution.getJson(rest(i) + "/jobs/" + jobId);
                    if (condition.test(job)) {
                        return job;
                    }
                    last = job.toString();
                } catch (IOException e) {
                    last = e.getMessage();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + jobId + " did not reach the expected state within " + timeout + "; last: " + last);
    }

    static boolean allRunning(JsonNode job, int tasks) {
        return job.path("state").asText().equals("RUNNING") && job.path("status-counts").path("RUNNING").asInt() == tasks;
    }

    static boolean ended(JsonNode job) {
        String s = job.path("state").asText();
        return s.equals("FINISHED") || s.equals("FAILED") || s.equals("CANCELED");
    }

    /** A client on the whole ZooKeeper tree (no namespace), to check what the cluster left behind. */
    CuratorFramework zooKeeperClient() throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.newClient(backing.quorum(), new RetryOneTime(100));
        client.start();
        client.blockUntilConnected();
        return client;
    }
}
