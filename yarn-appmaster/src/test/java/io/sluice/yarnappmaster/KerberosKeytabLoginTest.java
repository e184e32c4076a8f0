package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.Configuration;
import io.sluice.yarnclient.ClientSecurity;
import io.sluice.yarnclient.KerberosLogin;
import io.sluice.yarnclient.SecurityOptions;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keytab login against a real KDC (Hadoop's MiniKdc in this JVM): the ApplicationMaster's login
 * from the shipped keytab, the client's login, and the client's one-message rejections of
 * incomplete settings.
 */
class KerberosKeytabLoginTest {

    private static MiniKdc kdc;
    private static Path keytab;
    private static String principal;
    private static YarnConfiguration kerberized;

    @BeforeAll
    static void startKdc() throws Exception {
        Path dir = Files.createTempDirectory("sluice-minikdc");
        kdc = new MiniKdc(MiniKdc.createConf(), dir.toFile());
        kdc.start();
        keytab = dir.resolve("etl.keytab");
        kdc.createPrincipal(keytab.toFile(), "etl/localhost");
        principal = "etl/localhost@" + kdc.getRealm();
        KerberosName.resetDefaultRealm();
        kerberized = new YarnConfiguration();
        kerberized.set("hadoop.security.authentication", "kerberos");
        UserGroupInformation.setConfiguration(kerberized);
    }

    @AfterAll
    static void stopKdc() {
        // UGI's state is static: leave the JVM as other test classes expect it (simple authentication)
        UserGroupInformation.reset();
        if (kdc != null) {
            kdc.stop();
        }
        System.clearProperty(MiniKdc.JAVA_SECURITY_KRB5_CONF);
    }

    private static Configuration config(String keytabPath, String principalName) {
        Configuration c = new Configuration();
        if (keytabPath != null) {
            c.setString(SecurityOptions.KERBEROS_LOGIN_KEYTAB.key(), keytabPath);
        }
        if (principalName != null) {
            c.setString(SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key(), principalName);
        }
        return c;
    }

    @Test
    void theApplicationMasterLogsInFromTheShippedKeytab() throws Exception {
        KeytabTokenSource source = new KeytabTokenSource(new KerberosLogin(keytab, principal), kerberized,
                Set.of(URI.create("file:///")));
        UserGroupInformation user = source.user();
        assertTrue(user.hasKerberosCredentials(), "holds a Kerberos ticket");
        assertTrue(user.isFromKeytab());
        assertEquals(principal, user.getUserName());
        assertEquals("etl", user.getShortUserName());
        assertSame(user, source.user(), "later rounds re-use the login (re-login only when the ticket ends)");
        // the local file system issues no delegation tokens; obtaining runs as the keytab user without error
        assertEquals(0, source.obtain().numberOfTokens());
    }

    @Test
    void aPrincipalThatIsNotInTheKeytabFailsWithWhatToCheck() {
        IOException e = assertThrows(IOException.class,
                () -> new KerberosLogin(keytab, "nobody@" + kdc.getRealm()).login());
        assertTrue(e.getMessage().contains("nobody@" + kdc.getRealm()) && e.getMessage().contains("klist -kt"),
                e.getMessage());
    }

    @Test
    void theClientLogsInFromTheKeytab() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ClientSecurity.login(config(keytab.toString(), principal), kerberized, new PrintStream(out, true));
            UserGroupInformation login = UserGroupInformation.getLoginUser();
            assertEquals(principal, login.getUserName());
            assertTrue(login.hasKerberosCredentials());
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("Logged in to Kerberos as " + principal),
                    out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError(e);
        } finally {
            UserGroupInformation.reset();
            UserGroupInformation.setConfiguration(kerberized);
        }
    }

    @Test
    void theClientRejectsAMissingKeytabFile() {
        String missing = keytab.resolveSibling("no-such.keytab").toString();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.login(config(missing, principal), kerberized, System.out));
        assertEquals("security.kerberos.login.keytab = " + missing + " does not exist: point it at the keytab of "
                + principal + " (e.g. from ktutil or your KDC admin)", e.getMessage());
    }

    @Test
    void theClientRejectsAKeytabWithoutPrincipal() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.login(config(keytab.toString(), null), kerberized, System.out));
        assertEquals("security.kerberos.login.keytab = " + keytab + " is set but security.kerberos.login.principal "
                + "is not: set it to the principal in the keytab (klist -kt " + keytab + " lists them)", e.getMessage());
    }

    @Test
    void theClientRejectsAPrincipalWithoutKeytab() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.login(config(null, principal), kerberized, System.out));
        assertTrue(e.getMessage().startsWith("security.kerberos.login.principal = " + principal + " is set but "
                + "security.kerberos.login.keytab is not"), e.getMessage());
    }

    @Test
    void withoutKeytabOrTicketCacheTheClientSaysWhatToSet() {
        Configuration c = config(null, null);
        c.setString(SecurityOptions.KERBEROS_LOGIN_USE_TICKET_CACHE.key(), "false");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.login(c, kerberized, System.out));
        assertTrue(e.getMessage().contains("no Kerberos credentials: set security.kerberos.login.keytab and "
                + "security.kerberos.login.principal"), e.getMessage());
    }

    @Test
    void onAClusterWithoutKerberosAKeytabIsCheckedThenIgnored() {
        YarnConfiguration simple = new YarnConfiguration();
        simple.set("hadoop.security.authentication", "simple");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ClientSecurity.login(config(keytab.toString(), principal), simple, new PrintStream(out, true));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("is ignored: this cluster does not use Kerberos"));
        assertThrows(IllegalArgumentException.class, () -> ClientSecurity.login(
                config(new File("/nonexistent.keytab").getPath(), principal), simple, System.out), "a typo still fails early");
    }
}
