package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.yarnclient.DelegationTokens;
import io.sluice.yarnclient.KerberosLogin;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.authentication.util.KerberosName;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Renewal against a real Kerberized HDFS (MiniKdc + a MiniDFSCluster with Kerberos)
 * whose tokens live seconds instead of days: the ApplicationMaster's token source logs in from a
 * keytab and obtains real HDFS delegation tokens; the manager keeps a token-only user (what a
 * TaskManager container is) able to reach HDFS well past the first token's max lifetime, while a
 * user that kept only the first token is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureHdfsTokenRenewalTest {

    private static final long RENEW_INTERVAL_MS = 4_000;
    private static final long MAX_LIFETIME_MS = 10_000;

    private static MiniKdc kdc;
    private static MiniDFSCluster dfs;
    private static Path keytab;
    private static String realm;
    private static Configuration conf;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("sluice-secure-hdfs");
        kdc = new MiniKdc(MiniKdc.createConf(), dir.toFile());
        kdc.start();
        realm = kdc.getRealm();
        keytab = dir.resolve("all.keytab");
        kdc.createPrincipal(keytab.toFile(), "etl", "hdfs/localhost", "HTTP/localhost");
        KerberosName.resetDefaultRealm();

        conf = new Configuration();
        conf.set("hadoop.security.authentication", "kerberos");
        conf.set("dfs.namenode.kerberos.principal", "hdfs/localhost@" + realm);
        conf.set("dfs.namenode.keytab.file", keytab.toString());
        conf.set("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + realm);
        conf.set("dfs.web.authentication.kerberos.keytab", keytab.toString());
        conf.set("dfs.datanode.kerberos.principal", "hdfs/localhost@" + realm);
        conf.set("dfs.datanode.keytab.file", keytab.toString());
        // a secure datanode wants privileged ports or SASL + HTTPS; Hadoop's own tests skip that like this
        conf.setBoolean("ignore.secure.ports.for.testing", true);
        conf.setBoolean("dfs.block.access.token.enable", true);
        conf.setLong("dfs.namenode.delegation.token.renew-interval", RENEW_INTERVAL_MS);
        conf.setLong("dfs.namenode.delegation.token.max-lifetime", MAX_LIFETIME_MS);
        // every HDFS call below opens a new connection, so it authenticates with the token held now
        conf.setInt("ipc.client.connection.maxidletime", 100);
        conf.setBoolean("fs.hdfs.impl.disable.cache", true);
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.resolve("dfs").toString());
        UserGroupInformation.setConfiguration(conf);
        dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        dfs.waitActive();
    }

    @AfterAll
    static void stop() {
        if (dfs != null) {
            dfs.shutdown();
        }
        UserGroupInformation.reset();
        if (kdc != null) {
            kdc.stop();
        }
        System.clearProperty(MiniKdc.JAVA_SECURITY_KRB5_CONF);
    }

    /** A user without Kerberos credentials that reaches HDFS with tokens only, like a container. */
    private static UserGroupInformation tokenOnlyUser() {
        UserGroupInformation u = UserGroupInformation.createRemoteUser("etl");
        u.setAuthenticationMethod(UserGroupInformation.AuthenticationMethod.TOKEN);
        return u;
    }

    private static void listRoot(UserGroupInformation user) throws Exception {
        user.doAs((PrivilegedExceptionAction<Void>) () -> {
            try (FileSystem fs = FileSystem.newInstance(dfs.getURI(), conf)) {
                fs.listStatus(new org.apache.hadoop.fs.Path("/"));
            }
            return null;
        });
    }

    @Test
    @Order(1)
    void renewedTokensKeepAContainerUserOnHdfsPastTheFirstTokensMaxLifetime() throws Exception {
        KeytabTokenSource source = new KeytabTokenSource(new KerberosLogin(keytab, "etl@" + realm), conf,
                Set.of(dfs.getURI()));
        UserGroupInformation container = tokenOnlyUser();
        List<Long> delays = new CopyOnWriteArrayList<>();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        List<Credentials> rounds = new CopyOnWriteArrayList<>();
        DelegationTokenManager manager = new DelegationTokenManager(source, c -> {
            container.addCredentials(c);
            rounds.add(c);
        }, System::currentTimeMillis, (task, delay) -> {
            delays.add(delay.toMillis());
            executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }, 0.75, Duration.ofSeconds(1));
        try {
            manager.start();
            long deadline = System.currentTimeMillis() + 30_000;
            while (rounds.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, rounds.size(), "first round obtained tokens");
            Credentials first = rounds.get(0);
            Token<? extends TokenIdentifier> token = first.getAllTokens().iterator().next();
            assertEquals("HDFS_DELEGATION_TOKEN", token.getKind().toString());
            long started = System.currentTimeMillis();
            // the next round: 75 % of the renew interval the namenode reported (renew() as the keytab user)
            long delay = delays.get(1);
            assertTrue(delay > 0.75 * RENEW_INTERVAL_MS - 1500 && delay <= 0.75 * RENEW_INTERVAL_MS, "delay " + delay);

            UserGroupInformation firstOnly = tokenOnlyUser();
            firstOnly.addCredentials(first);
            listRoot(firstOnly);
            listRoot(container);

            // run well past the first token's max lifetime, using HDFS as a TaskManager would
            while (System.currentTimeMillis() < started + MAX_LIFETIME_MS + 3_000) {
                listRoot(container);
                Thread.sleep(500);
            }
            assertTrue(rounds.size() >= 4, "rounds: " + rounds.size());
            IOException expired = assertThrows(IOException.class, () -> listRoot(firstOnly));
            assertTrue(String.valueOf(expired.getMessage()).contains("expired")
                    || String.valueOf(expired.getMessage()).contains("can't be found in cache"), expired.toString());
            listRoot(container);
            assertTrue(DelegationTokens.maxDate(rounds.get(rounds.size() - 1).getAllTokens().iterator().next()).getAsLong()
                    > System.currentTimeMillis(), "the latest token is within its max lifetime");
        } finally {
            executor.shutdownNow();
        }
    }

    /**
     * The AM's wiring as YarnApplicationMaster calls it: the principal from sluice.yaml, the keytab
     * from the container's working directory, the staging dir from the environment, a JobManager
     * whose TaskManagers get the tokens.
     */
    @Test
    @Order(2)
    void theApplicationMasterStartsRenewalFromTheShippedKeytab() throws Exception {
        Path workDir = Files.createTempDirectory("sluice-am-workdir");
        Files.copy(keytab, workDir.resolve(io.sluice.yarnclient.AppMasterContract.KEYTAB_FILE));
        io.sluice.config.Configuration config = new io.sluice.config.Configuration();
        config.setString(io.sluice.yarnclient.SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key(), "etl@" + realm);
        config.setString(io.sluice.config.CoreOptions.TMP_DIRS.key(), workDir.toString());
        java.util.Map<String, String> env = java.util.Map.of(
                io.sluice.yarnclient.AppMasterContract.ENV_KEYTAB, io.sluice.yarnclient.AppMasterContract.KEYTAB_FILE,
                io.sluice.yarnclient.AppMasterContract.ENV_STAGING_DIR, dfs.getURI() + "/user/etl/.sluice/application_1_0001");
        try (io.sluice.entrypoint.LocalCluster cluster = io.sluice.entrypoint.LocalCluster.start(config, 1, 1)) {
            DelegationTokenManager manager = ApplicationMasterTokens.startIfConfigured(config,
                    new org.apache.hadoop.yarn.conf.YarnConfiguration(conf), env, workDir, cluster.jobManager()).orElseThrow();
            long deadline = System.currentTimeMillis() + 30_000;
            // the tokens are published before the next renewal is planned: wait for both
            while ((manager.current() == null || manager.nextRenewalMillis() < 0)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Token<? extends TokenIdentifier> token = manager.current().getAllTokens().iterator().next();
            assertEquals("HDFS_DELEGATION_TOKEN", token.getKind().toString());
            assertEquals(token, UserGroupInformation.getCurrentUser().getCredentials().getToken(token.getService()),
                    "the AM's own user holds it: containers launched from now on get it");
            long next = manager.nextRenewalMillis() - System.currentTimeMillis();
            assertTrue(next > 0 && next <= 0.75 * RENEW_INTERVAL_MS, "next renewal in " + next + " ms");

            // the application ends: the tokens the AM obtained are cancelled at the namenode, not left to expire
            UserGroupInformation container = tokenOnlyUser();
            container.addCredentials(manager.current());
            listRoot(container);
            manager.stopAndCancel();
            Thread.sleep(500); // past ipc.client.connection.maxidletime: the next call opens a connection with the token
            IOException refused = assertThrows(IOException.class, () -> listRoot(container));
            assertTrue(String.valueOf(refused.getMessage()).contains("can't be found in cache"), refused.toString());
        }
    }

    /** Last: the client's login replaces this JVM's login user (the namenode's) with the keytab's for a moment. */
    @Test
    @Order(3)
    void theClientObtainsTokensForTheApplicationMasterAndShipsTheKeytabOwnerOnly() throws Exception {
        // as the HDFS superuser (this JVM's current user holds etl's tokens from the AM test by now)
        UserGroupInformation.loginUserFromKeytabAndReturnUGI("hdfs/localhost@" + realm, keytab.toString())
                .doAs((PrivilegedExceptionAction<Void>) () -> {
                    try (FileSystem admin = FileSystem.newInstance(dfs.getURI(), conf)) {
                        admin.mkdirs(new org.apache.hadoop.fs.Path("/user/etl"));
                        admin.setOwner(new org.apache.hadoop.fs.Path("/user/etl"), "etl", "etl");
                    }
                    return null;
                });
        io.sluice.config.Configuration config = new io.sluice.config.Configuration();
        config.setString(io.sluice.yarnclient.SecurityOptions.KERBEROS_LOGIN_KEYTAB.key(), keytab.toString());
        config.setString(io.sluice.yarnclient.SecurityOptions.KERBEROS_LOGIN_PRINCIPAL.key(), "etl@" + realm);
        org.apache.hadoop.yarn.conf.YarnConfiguration yarn = new org.apache.hadoop.yarn.conf.YarnConfiguration(conf);
        java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();

        UserGroupInformation namenodeUser = UserGroupInformation.getLoginUser();
        io.sluice.yarnclient.ClientSecurity security = io.sluice.yarnclient.ClientSecurity.login(config, yarn,
                new java.io.PrintStream(progress, true));
        UserGroupInformation client = UserGroupInformation.getLoginUser();
        assertEquals("etl@" + realm, client.getUserName());
        assertTrue(client.isFromKeytab());
        // client and namenode share this JVM, and the namenode's RPC server authenticates as the login user:
        // give it back, and run the client's part as the user it logged in
        UserGroupInformation.setLoginUser(namenodeUser);
        client.doAs((PrivilegedExceptionAction<Void>) () -> {
          try (FileSystem fs = FileSystem.newInstance(dfs.getURI(), yarn)) {
            io.sluice.yarnclient.StagingArea staging = new io.sluice.yarnclient.StagingArea(fs,
                    "application_1700000000000_0001");
            java.util.Map<String, String> amEnv = new java.util.HashMap<>();
            java.nio.ByteBuffer tokens = security.prepareApplicationMaster(staging, amEnv);

            Credentials forAm = new Credentials();
            byte[] bytes = new byte[tokens.remaining()];
            tokens.get(bytes);
            forAm.readTokenStorageStream(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes)));
            assertEquals(1, forAm.numberOfTokens(), "one namenode: default and staging file system are the same");
            assertEquals("HDFS_DELEGATION_TOKEN", forAm.getAllTokens().iterator().next().getKind().toString());
            // the AM's launch context tokens work for a user without Kerberos
            UserGroupInformation am = tokenOnlyUser();
            am.addCredentials(forAm);
            listRoot(am);

            org.apache.hadoop.fs.Path shipped = new org.apache.hadoop.fs.Path(staging.dir(),
                    io.sluice.yarnclient.AppMasterContract.KEYTAB_FILE);
            assertEquals(io.sluice.yarnclient.AppMasterContract.KEYTAB_FILE,
                    amEnv.get(io.sluice.yarnclient.AppMasterContract.ENV_KEYTAB));
            org.apache.hadoop.fs.FileStatus status = fs.getFileStatus(shipped);
            assertEquals("etl", status.getOwner());
            assertEquals((short) 0400, status.getPermission().toShort());
            assertEquals((short) 0700, fs.getFileStatus(staging.dir()).getPermission().toShort());
            assertEquals(Files.size(keytab), status.getLen());
          }
          return null;
        });
        assertTrue(progress.toString(java.nio.charset.StandardCharsets.UTF_8)
                .contains("Obtained 1 delegation token(s)"), progress.toString());
    }
}
