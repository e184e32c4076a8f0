package io.sluice.taskexecutor;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Collectors;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies delegation tokens pushed by the ApplicationMaster to this process's Hadoop user, so that
 * tasks keep reaching HDFS after the tokens the container was launched with expire. Tokens replace
 * the ones with the same alias (the service, e.g. the namenode), so the set does not grow. Hadoop
 * classes are touched only here, and only when such a message arrives.
 */
final class DelegationTokenReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(DelegationTokenReceiver.class);

    private DelegationTokenReceiver() {}

    /** Returns how many tokens were added. */
    static int addToCurrentUser(byte[] serialized) {
        try {
            Credentials credentials = new Credentials();
            credentials.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(serialized)));
            UserGroupInformation user = UserGroupInformation.getCurrentUser();
            Credentials current = user.getCredentials();
            // the ApplicationMaster re-sends the same tokens now and then (for TaskManagers that missed a push)
            long changed = credentials.getTokenMap().entrySet().stream()
                    .filter(e -> !e.getValue().equals(current.getToken(e.getKey()))).count();
            user.addCredentials(credentials);
            if (changed > 0) {
                LOG.info("Received {} new delegation token(s) for user {}: {}", changed, user.getUserName(),
                        credentials.getAllTokens().stream().map(t -> t.getKind() + "@" + t.getService())
                                .collect(Collectors.joining(", ")));
            }
            return credentials.numberOfTokens();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the delegation tokens sent by the ApplicationMaster", e);
        }
    }
}
