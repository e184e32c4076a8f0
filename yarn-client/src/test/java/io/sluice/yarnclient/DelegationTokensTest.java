package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.OptionalLong;
import org.apache.hadoop.hdfs.security.token.delegation.DelegationTokenIdentifier;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.junit.jupiter.api.Test;

/** Expiry dates read from HDFS token identifiers, and the no-keytab warning's date. */
class DelegationTokensTest {

    private static Token<TokenIdentifier> hdfsToken(String service, long maxDate) {
        DelegationTokenIdentifier id = new DelegationTokenIdentifier(new Text("etl"), new Text("yarn"), new Text(""));
        id.setIssueDate(maxDate - 7L * 24 * 3600 * 1000);
        id.setMaxDate(maxDate);
        id.setSequenceNumber(42);
        return new Token<>(id.getBytes(), "password".getBytes(StandardCharsets.UTF_8), DelegationTokenIdentifier.HDFS_DELEGATION_KIND,
                new Text(service));
    }

    @Test
    void theEarliestMaxDateOfHdfsTokensIsWhatTheWarningNames() throws Exception {
        long soon = Instant.parse("2026-11-29T04:00:00Z").toEpochMilli();
        Credentials credentials = new Credentials();
        credentials.addToken(new Text("nn1:8020"), hdfsToken("nn1:8020", soon + 3_600_000));
        credentials.addToken(new Text("nn2:8020"), hdfsToken("nn2:8020", soon));
        // a kind whose identifier this JVM cannot decode has no date and does not count
        credentials.addToken(new Text("other"), new Token<>("x".getBytes(StandardCharsets.UTF_8),
                "y".getBytes(StandardCharsets.UTF_8), new Text("SOME_OTHER_KIND"), new Text("other")));

        assertEquals(OptionalLong.of(soon), DelegationTokens.earliestMaxDate(credentials));
        assertEquals("2026-11-29T04:00:00Z", ClientSecurity.expiry(credentials));
        assertTrue(ClientSecurity.expiry(new Credentials()).contains("7 days by default"));
    }

    @Test
    void credentialsSurviveTheirWireForm() throws Exception {
        Credentials credentials = new Credentials();
        credentials.addToken(new Text("nn1:8020"), hdfsToken("nn1:8020", 1_800_000_000_000L));
        byte[] bytes = DelegationTokens.toBytes(credentials);
        Credentials read = new Credentials();
        read.readTokenStorageStream(new DataInputStream(new ByteArrayInputStream(bytes)));
        assertEquals(credentials.getToken(new Text("nn1:8020")), read.getToken(new Text("nn1:8020")));
        assertEquals(OptionalLong.of(1_800_000_000_000L), DelegationTokens.maxDate(read.getToken(new Text("nn1:8020"))));
    }
}
