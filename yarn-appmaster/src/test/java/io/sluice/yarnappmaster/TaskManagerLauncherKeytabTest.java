package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sluice.config.MemorySize;
import io.sluice.yarnclient.AppMasterContract;
import io.sluice.yarnclient.ProcessMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only the ApplicationMaster holds the keytab; TaskManagers get tokens, never the keytab. */
class TaskManagerLauncherKeytabTest {

    @Test
    void taskManagerContainersDoNotGetTheKeytab(@TempDir Path staging) throws Exception {
        for (String f : new String[] {AppMasterContract.DIST_JAR_NAME, "core-site.xml", AppMasterContract.KEYTAB_FILE,
                AppMasterContract.TASKMANAGER_CONF_FILE}) {
            Files.writeString(staging.resolve(f), f);
        }
        YarnConfiguration yarn = new YarnConfiguration();
        FileSystem fs = FileSystem.getLocal(yarn);
        Map<String, String> amEnv = Map.of(
                AppMasterContract.ENV_STAGING_DIR, staging.toUri().toString(),
                AppMasterContract.ENV_DIST_JAR, staging.resolve(AppMasterContract.DIST_JAR_NAME).toUri().toString(),
                AppMasterContract.ENV_SHARED_FILES, "core-site.xml",
                AppMasterContract.ENV_KEYTAB, AppMasterContract.KEYTAB_FILE);
        TaskManagerLauncher launcher = new TaskManagerLauncher(fs, yarn, amEnv,
                new org.apache.hadoop.fs.Path(staging.resolve(AppMasterContract.TASKMANAGER_CONF_FILE).toUri()),
                ProcessMemory.taskManager(MemorySize.ofMebiBytes(1024)), 1, "java", "-XX:+UseG1GC -Dsome.option=\"a b\"");

        ContainerLaunchContext tm = launcher.launchContext(null);
        // env.java.opts.* as written, after the memory flags so that a user's -Xmx wins
        String command = tm.getCommands().get(0);
        assertTrue(command.contains(" -XX:+UseG1GC -Dsome.option=\"a b\" "), command);
        assertTrue(command.indexOf("-Xmx") < command.indexOf("-XX:+UseG1GC"), command);
        assertEquals(Set.of(AppMasterContract.DIST_JAR_NAME, "core-site.xml", AppMasterContract.CONF_FILE),
                tm.getLocalResources().keySet());
        assertFalse(tm.getEnvironment().containsKey(AppMasterContract.ENV_KEYTAB));
    }
}
