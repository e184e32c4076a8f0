package io.sluice.yarnappmaster;

import io.sluice.yarnclient.DelegationTokens;
import io.sluice.yarnclient.KerberosLogin;
import java.io.IOException;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New HDFS delegation tokens from the keytab user. The tokens name that user as their renewer, so
 * renewing one right away tells when it expires (the namenode answers with the new deadline: the
 * renew interval from now, capped at the token's max date).
 */
final class KeytabTokenSource implements DelegationTokenManager.TokenSource {

    private static final Logger LOG = LoggerFactory.getLogger(KeytabTokenSource.class);

    private final KerberosLogin login;
    private final Configuration hadoop;
    private final Set<URI> fileSystems;
    private UserGroupInformation user;

    KeytabTokenSource(KerberosLogin login, Configuration hadoop, Set<URI> fileSystems) {
        this.login = login;
        this.hadoop = hadoop;
        this.fileSystems = fileSystems;
    }

    /** The keytab user: logs in the first time, afterwards renews the Kerberos ticket when it is near its end. */
    synchronized UserGroupInformation user() throws IOException {
        if (user == null) {
            user = login.login();
            LOG.info("Logged in to Kerberos as {} from the shipped keytab", user.getUserName());
        } else {
            user.checkTGTAndReloginFromKeytab();
        }
        return user;
    }

    @Override
    public Credentials obtain() throws IOException {
        UserGroupInformation u = user();
        return DelegationTokens.obtain(u, hadoop, fileSystems, u.getShortUserName());
    }

    @Override
    public void cancel(Token<? extends TokenIdentifier> token) throws Exception {
        if (token.isManaged()) {
            user().doAs((PrivilegedExceptionAction<Void>) () -> {
                token.cancel(hadoop);
                return null;
            });
        }
    }

    @Override
    public OptionalLong expiry(Token<? extends TokenIdentifier> token) {
        OptionalLong max = DelegationTokens.maxDate(token);
        try {
            if (token.isManaged()) {
                long renewed = user.doAs((PrivilegedExceptionAction<Long>) () -> token.renew(hadoop));
                return OptionalLong.of(max.isPresent() ? Math.min(renewed, max.getAsLong()) : renewed);
            }
        } catch (Exception e) {
            // Not its max date: nobody renews this token, so it stops working one renew interval after its
            // issue (the NameNode's setting, which this side cannot know). Unknown makes the next round come
            // after the retry back-off, when the renewal is tried again.
            LOG.warn("Could not renew {} for {} to learn when it expires ({}); obtaining new tokens again after the "
                    + "retry back-off", token.getKind(), token.getService(), e.toString());
            return OptionalLong.empty();
        }
        return max;
    }
}
