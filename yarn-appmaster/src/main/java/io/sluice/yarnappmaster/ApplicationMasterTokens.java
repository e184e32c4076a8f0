package io.sluice.yarnappmaster;

import io.sluice.entrypoint.JobManager;
import io.sluice.yarnclient.AppMasterContract;
import io.sluice.yarnclient.DelegationTokens;
import io.sluice.yarnclient.KerberosLogin;
import io.sluice.yarnclient.SecurityOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ApplicationMaster's side of Kerberos: when the client shipped a keytab, a
 * {@link DelegationTokenManager} keeps HDFS delegation tokens fresh for the AM itself, for running
 * TaskManagers (pushed over RPC) and for containers launched later (TaskManagerLauncher takes the
 * AM user's tokens at launch time). The keytab stays in the AM's container.
 */
final class ApplicationMasterTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationMasterTokens.class);
    /** Running TaskManagers get the current tokens this often too: one that registered during a push, or missed it, catches up. */
    static final Duration REDISTRIBUTION_INTERVAL = Duration.ofMinutes(5);

    private ApplicationMasterTokens() {}

    /**
     * Never throws: without renewal the application still runs on the tokens from submission, which
     * beats failing a cluster that is otherwise up.
     */
    static Optional<DelegationTokenManager> startIfConfigured(io.sluice.config.Configuration config, YarnConfiguration yarn,
                                                              Map<String, String> env, Path workDir, JobManager jobManager) {
        try {
            return start(config, yarn, env, workDir, jobManager);
        } catch (Exception | LinkageError e) {
            LOG.error("Delegation token renewal could not start; the application runs on the tokens from submission "
                    + "until they expire", e);
            return Optional.empty();
        }
    }

    private static Optional<DelegationTokenManager> start(io.sluice.config.Configuration config, YarnConfiguration yarn,
                                                          Map<String, String> env, Path workDir, JobManager jobManager)
            throws IOException {
        String keytabName = env.get(AppMasterContract.ENV_KEYTAB);
        if (keytabName == null) {
            if (UserGroupInformation.isSecurityEnabled()) {
                LOG.warn("Kerberos without a keytab: the delegation tokens the client obtained are not renewed past "
                        + "their maximum lifetime; jobs still running then fail (set {}, docs/security.md)",
                        SecurityOptions.KERBEROS_LOGIN_KEYTAB.key());
            }
            return Optional.empty();
        }
        Path keytab = workDir.resolve(keytabName);
        String principal = config.getOptional(SecurityOptions.KERBEROS_LOGIN_PRINCIPAL)
                .orElseThrow(() -> new IllegalStateException("a keytab was shipped without "
                        + SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key()));
        if (!Files.isReadable(keytab)) {
            throw new IllegalStateException("the shipped keytab " + keytab + " is missing or unreadable");
        }
        if (KerberosLogin.isKerberos(yarn) && !UserGroupInformation.isSecurityEnabled()) {
            UserGroupInformation.setConfiguration(yarn);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "delegation-token-manager");
            t.setDaemon(true);
            return t;
        });
        TaskManagerTokenPusher pusher = new TaskManagerTokenPusher(jobManager.rpcService(), jobManager::resourceManagerLeader);
        KeytabTokenSource source = new KeytabTokenSource(new KerberosLogin(keytab, principal), yarn,
                DelegationTokens.fileSystems(config, yarn, new org.apache.hadoop.fs.Path(env.get(AppMasterContract.ENV_STAGING_DIR))));
        DelegationTokenManager manager = new DelegationTokenManager(source, tokens -> distribute(tokens, pusher),
                System::currentTimeMillis, (task, delay) -> executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS),
                config.get(SecurityOptions.TOKEN_RENEWAL_TIME_RATIO), config.get(SecurityOptions.TOKEN_RENEWAL_RETRY_BACKOFF));
        manager.start();
        executor.scheduleWithFixedDelay(() -> {
            // anything thrown here would cancel every later run without a trace
            try {
                Credentials current = manager.current();
                if (current != null) {
                    push(current, pusher);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not redistribute delegation tokens; trying again in {}: {}", REDISTRIBUTION_INTERVAL, e.toString());
            }
        }, REDISTRIBUTION_INTERVAL.toMillis(), REDISTRIBUTION_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("Delegation token renewal started for {} (keytab shipped by the client)", principal);
        return Optional.of(manager);
    }

    /** The AM's own user first: containers launched from now on get the new tokens, then the running ones. */
    static void distribute(Credentials tokens, TaskManagerTokenPusher pusher) {
        try {
            UserGroupInformation.getCurrentUser().addCredentials(tokens);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        push(tokens, pusher);
    }

    private static void push(Credentials tokens, TaskManagerTokenPusher pusher) {
        try {
            pusher.push(DelegationTokens.toBytes(tokens)).whenComplete((n, e) -> {
                if (e != null) {
                    LOG.warn("Could not send delegation tokens to the TaskManagers: {}", e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not serialize delegation tokens: {}", e.toString());
        }
    }
}
