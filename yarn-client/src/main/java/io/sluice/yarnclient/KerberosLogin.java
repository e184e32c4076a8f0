package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.UserGroupInformation.AuthenticationMethod;

/**
 * A Kerberos identity from a keytab: the checked settings, and the login. The client and the
 * ApplicationMaster both use it (the AM with the keytab the client shipped).
 */
public record KerberosLogin(Path keytab, String principal) {

    /**
     * The keytab login the configuration asks for, or empty when it names no keytab. Checks the
     * settings first, so a wrong path or a missing principal ends in one clear message before
     * anything is uploaded.
     */
    public static Optional<KerberosLogin> fromConfiguration(Configuration config) {
        Optional<String> keytab = config.getOptional(SecurityOptions.KERBEROS_LOGIN_KEYTAB).map(String::trim)
                .filter(s -> !s.isEmpty());
        Optional<String> principal = config.getOptional(SecurityOptions.KERBEROS_LOGIN_PRINCIPAL).map(String::trim)
                .filter(s -> !s.isEmpty());
        if (keytab.isEmpty()) {
            if (principal.isPresent()) {
                throw new IllegalArgumentException(SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key() + " = "
                        + principal.get() + " is set but " + SecurityOptions.KERBEROS_LOGIN_KEYTAB.key()
                        + " is not: set both (keytab path and its principal), or neither to use the ticket cache");
            }
            return Optional.empty();
        }
        Path file = Path.of(keytab.get()).toAbsolutePath();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + " = " + keytab.get()
                    + (Files.exists(file) ? " is not a readable file" : " does not exist")
                    + ": point it at the keytab of " + principal.orElse("your principal") + " (e.g. from ktutil or your KDC admin)");
        }
        if (principal.isEmpty()) {
            throw new IllegalArgumentException(SecurityOptions.KERBEROS_LOGIN_KEYTAB.key() + " = " + keytab.get()
                    + " is set but " + SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key() + " is not: set it to the "
                    + "principal in the keytab (klist -kt " + keytab.get() + " lists them)");
        }
        return Optional.of(new KerberosLogin(file, principal.get()));
    }

    /** Whether this Hadoop configuration asks for Kerberos (hadoop.security.authentication). */
    public static boolean isKerberos(org.apache.hadoop.conf.Configuration hadoop) {
        return SecurityUtil.getAuthenticationMethod(hadoop) != AuthenticationMethod.SIMPLE;
    }

    /** Logs in from the keytab; the returned user does not replace the process's login user. */
    public UserGroupInformation login() throws IOException {
        try {
            return UserGroupInformation.loginUserFromKeytabAndReturnUGI(principal, keytab.toString());
        } catch (IOException e) {
            throw new IOException("Kerberos login of " + principal + " from keytab " + keytab + " failed: " + e.getMessage()
                    + " (does the keytab hold this principal? klist -kt " + keytab + "; is the KDC in krb5.conf reachable?)", e);
        }
    }

    /** Logs in from the keytab as the process's login user (the client: every later Hadoop call uses it). */
    public void loginAsProcessUser() throws IOException {
        try {
            UserGroupInformation.loginUserFromKeytab(principal, keytab.toString());
        } catch (IOException e) {
            throw new IOException("Kerberos login of " + principal + " from keytab " + keytab + " failed: " + e.getMessage()
                    + " (does the keytab hold this principal? klist -kt " + keytab + "; is the KDC in krb5.conf reachable?)", e);
        }
    }
}
