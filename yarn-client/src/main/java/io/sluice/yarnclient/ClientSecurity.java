package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.yarn.client.util.YarnClientUtils;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * The client's part of Kerberos on a secure cluster: logs in (keytab, or the ticket cache), obtains
 * HDFS delegation tokens for the ApplicationMaster's launch context, and ships the keytab to the AM
 * only, so that the AM can keep obtaining tokens for the application's whole life. On a cluster
 * without Kerberos it does nothing (the keytab settings are still checked: a typo fails early).
 */
public final class ClientSecurity {

    private final boolean secure;
    private final Optional<KerberosLogin> keytab;
    private final Configuration config;
    private final YarnConfiguration yarn;
    private final PrintStream progress;

    private ClientSecurity(boolean secure, Optional<KerberosLogin> keytab, Configuration config, YarnConfiguration yarn,
                           PrintStream progress) {
        this.secure = secure;
        this.keytab = keytab;
        this.config = config;
        this.yarn = yarn;
        this.progress = progress;
    }

    /** Checks the settings and logs in; before the YARN client connects, which uses the login. */
    public static ClientSecurity login(Configuration config, YarnConfiguration yarn, PrintStream progress) {
        Optional<KerberosLogin> keytab = KerberosLogin.fromConfiguration(config);
        if (!KerberosLogin.isKerberos(yarn)) {
            keytab.ifPresent(k -> progress.println("Note: " + SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + " is ignored: "
                    + "this cluster does not use Kerberos (hadoop.security.authentication = simple)"));
            return new ClientSecurity(false, keytab, config, yarn, progress);
        }
        UserGroupInformation.setConfiguration(yarn);
        try {
            if (keytab.isPresent()) {
                keytab.get().loginAsProcessUser();
                progress.println("Logged in to Kerberos as " + keytab.get().principal() + " from " + keytab.get().keytab());
            } else {
                boolean ticketCache = config.get(SecurityOptions.KERBEROS_LOGIN_USE_TICKET_CACHE);
                String noCredentials = "this cluster uses Kerberos but the client has no Kerberos credentials: set "
                        + SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + " and " + SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key()
                        + (ticketCache ? ", or run kinit first"
                        : " (" + SecurityOptions.KERBEROS_LOGIN_USE_TICKET_CACHE.key() + " is false)");
                if (!ticketCache) {
                    throw new IllegalArgumentException(noCredentials);
                }
                UserGroupInformation user;
                try {
                    user = UserGroupInformation.getLoginUser();
                } catch (IOException e) {
                    throw new IllegalArgumentException(noCredentials + " (" + e.getMessage() + ")", e);
                }
                if (!user.hasKerberosCredentials()) {
                    throw new IllegalArgumentException(noCredentials);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return new ClientSecurity(true, keytab, config, yarn, progress);
    }

    /**
     * Stages what the ApplicationMaster needs on a secure cluster: the keytab (owner-only, for the AM
     * alone) and, in the returned buffer, delegation tokens for its launch context. Null when the
     * cluster does not use Kerberos.
     */
    public ByteBuffer prepareApplicationMaster(StagingArea staging, Map<String, String> amEnv) throws IOException {
        if (!secure) {
            return null;
        }
        String renewer = renewer();
        Credentials credentials = DelegationTokens.obtain(UserGroupInformation.getCurrentUser(), yarn,
                DelegationTokens.fileSystems(config, yarn, staging.dir()), renewer);
        progress.println("Obtained " + credentials.numberOfTokens() + " delegation token(s) (renewer " + renewer + ")");
        if (keytab.isPresent()) {
            staging.uploadOwnerOnly(keytab.get().keytab(), AppMasterContract.KEYTAB_FILE);
            amEnv.put(AppMasterContract.ENV_KEYTAB, AppMasterContract.KEYTAB_FILE);
        } else {
            progress.println("Warning: no keytab (" + SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + "): the application "
                    + "runs on delegation tokens that cannot be renewed past " + expiry(credentials)
                    + "; jobs still running then fail. Set " + SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + " and "
                    + SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key() + " for long-running jobs (docs/security.md).");
        }
        return DelegationTokens.toByteBuffer(credentials);
    }

    static String expiry(Credentials credentials) {
        OptionalLong max = DelegationTokens.earliestMaxDate(credentials);
        return max.isPresent() ? Instant.ofEpochMilli(max.getAsLong()).toString()
                : "their maximum lifetime (dfs.namenode.delegation.token.max-lifetime, 7 days by default)";
    }

    /**
     * YARN's ResourceManager as the renewer: it renews the tokens while the application runs (up to
     * their maximum lifetime) and cancels them when it ends.
     */
    private String renewer() throws IOException {
        String rm = YarnClientUtils.getRmPrincipal(yarn);
        return rm != null && !rm.isBlank() ? rm : UserGroupInformation.getCurrentUser().getShortUserName();
    }
}
