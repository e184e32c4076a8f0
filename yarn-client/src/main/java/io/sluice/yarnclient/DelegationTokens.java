package io.sluice.yarnclient;

import io.sluice.config.Configuration;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.PrivilegedExceptionAction;
import java.util.LinkedHashSet;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.apache.hadoop.security.token.delegation.AbstractDelegationTokenIdentifier;

/**
 * Hadoop file system delegation tokens: which file systems need them, obtaining them for a user,
 * when they expire, and their wire form (Hadoop's token storage format, as YARN and
 * {@code HADOOP_TOKEN_FILE_LOCATION} use it).
 */
public final class DelegationTokens {

    private DelegationTokens() {}

    /** The default file system, the staging file system and security.kerberos.access.hadoopFileSystems. */
    public static Set<URI> fileSystems(Configuration config, org.apache.hadoop.conf.Configuration hadoop, Path staging)
            throws IOException {
        Set<URI> uris = new LinkedHashSet<>();
        uris.add(FileSystem.getDefaultUri(hadoop));
        if (staging != null) {
            uris.add(staging.getFileSystem(hadoop).getUri());
        }
        for (String fs : config.get(SecurityOptions.ADDITIONAL_FILE_SYSTEMS)) {
            if (!fs.isBlank()) {
                uris.add(new Path(fs.trim()).getFileSystem(hadoop).getUri());
            }
        }
        return uris;
    }

    /**
     * Obtains delegation tokens from each file system as {@code user}. File systems without
     * delegation tokens (local, insecure HDFS) add none.
     */
    public static Credentials obtain(UserGroupInformation user, org.apache.hadoop.conf.Configuration hadoop,
                                     Set<URI> fileSystems, String renewer) throws IOException {
        Credentials credentials = new Credentials();
        try {
            user.doAs((PrivilegedExceptionAction<Void>) () -> {
                for (URI uri : fileSystems) {
                    try {
                        FileSystem.get(uri, hadoop).addDelegationTokens(renewer, credentials);
                    } catch (IOException e) {
                        throw new IOException("could not obtain a delegation token from " + uri + " as "
                                + user.getUserName() + ": " + e.getMessage(), e);
                    }
                }
                return null;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while obtaining delegation tokens", e);
        }
        return credentials;
    }

    /**
     * The latest time a token can be used (its identifier's max date: no renewal extends it), if its
     * identifier says so.
     */
    public static OptionalLong maxDate(Token<? extends TokenIdentifier> token) {
        try {
            TokenIdentifier id = token.decodeIdentifier();
            if (id instanceof AbstractDelegationTokenIdentifier d && d.getMaxDate() > 0) {
                return OptionalLong.of(d.getMaxDate());
            }
        } catch (IOException | RuntimeException e) {
            // an identifier kind this JVM cannot decode: no date
        }
        return OptionalLong.empty();
    }

    /** The earliest max date among the tokens. */
    public static OptionalLong earliestMaxDate(Credentials credentials) {
        return credentials.getAllTokens().stream().map(DelegationTokens::maxDate).filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong).min();
    }

    public static byte[] toBytes(Credentials credentials) throws IOException {
        DataOutputBuffer out = new DataOutputBuffer();
        credentials.writeTokenStorageToStream(out);
        byte[] bytes = new byte[out.getLength()];
        System.arraycopy(out.getData(), 0, bytes, 0, out.getLength());
        return bytes;
    }

    public static ByteBuffer toByteBuffer(Credentials credentials) throws IOException {
        return ByteBuffer.wrap(toBytes(credentials));
    }
}
