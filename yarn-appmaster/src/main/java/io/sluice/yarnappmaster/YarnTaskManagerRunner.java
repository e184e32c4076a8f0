package io.sluice.yarnappmaster;

import io.sluice.entrypoint.TaskManagerRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry point of TaskManager containers: the container's identity (its YARN container id as the
 * TaskManager's resource id, so the ApplicationMaster can match registrations to containers, even
 * after a failover), its host and its working directory for temporary files come from the
 * NodeManager's environment; the rest from the sluice.yaml the AM wrote.
 */
public final class YarnTaskManagerRunner {

    private YarnTaskManagerRunner() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> env = System.getenv();
        List<String> all = new ArrayList<>(List.of("--configDir", env.getOrDefault("PWD", ".")));
        all.add("-Dtaskmanager.resource-id=" + env.get("CONTAINER_ID"));
        if (env.containsKey("NM_HOST")) {
            all.add("-Dtaskmanager.host=" + env.get("NM_HOST"));
        }
        all.add("-Dio.tmp.dirs=" + env.getOrDefault("PWD", System.getProperty("java.io.tmpdir")));
        all.addAll(List.of(args));
        TaskManagerRunner.main(all.toArray(String[]::new));
    }
}
