package io.sluice.yarnappmaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.junit.jupiter.api.Test;

/** When the ApplicationMaster obtains new tokens, on a fake clock. */
class DelegationTokenManagerTest {

    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** A fake clock and a scheduler that records what is due when, and runs it when the test says. */
    private static final class FakeTime implements DelegationTokenManager.Scheduler {
        long now = 1_700_000_000_000L;
        final List<Duration> delays = new ArrayList<>();
        Runnable pending;

        @Override
        public void schedule(Runnable task, Duration delay) {
            delays.add(delay);
            pending = task;
        }

        Duration lastDelay() {
            return delays.get(delays.size() - 1);
        }

        /** Advances the clock to the scheduled time and runs the task. */
        void runPending() {
            now += lastDelay().toMillis();
            Runnable task = pending;
            pending = null;
            task.run();
        }
    }

    /**
     * Tokens as an HDFS namenode issues them: each new token may be used until the renew interval
     * from its issue (renewals push that out) and never past its max lifetime.
     */
    private static final class Namenode implements DelegationTokenManager.TokenSource {
        final FakeTime time;
        final Map<Text, Long> expiryByIdentifier = new HashMap<>();
        final long renewInterval;
        final long maxLifetime;
        int issued;
        boolean down;
        final List<String> cancelled = new ArrayList<>();

        Namenode(FakeTime time, long renewInterval, long maxLifetime) {
            this.time = time;
            this.renewInterval = renewInterval;
            this.maxLifetime = maxLifetime;
        }

        @Override
        public Credentials obtain() throws IOException {
            if (down) {
                throw new IOException("namenode unreachable");
            }
            Credentials c = new Credentials();
            for (String service : List.of("nn1:8020", "nn2:8020")) {
                Token<TokenIdentifier> t = token("HDFS_DELEGATION_TOKEN", service, "id-" + (++issued));
                // nn2 has a shorter renew interval: the earlier expiry decides
                long interval = service.startsWith("nn2") ? renewInterval / 2 : renewInterval;
                expiryByIdentifier.put(new Text(t.getIdentifier()), Math.min(time.now + interval, time.now + maxLifetime));
                c.addToken(t.getService(), t);
            }
            return c;
        }

        @Override
        public OptionalLong expiry(Token<? extends TokenIdentifier> token) {
            Long e = expiryByIdentifier.get(new Text(token.getIdentifier()));
            return e == null ? OptionalLong.empty() : OptionalLong.of(e);
        }

        @Override
        public void cancel(Token<? extends TokenIdentifier> token) {
            cancelled.add(new String(token.getIdentifier(), StandardCharsets.UTF_8));
        }
    }

    static Token<TokenIdentifier> token(String kind, String service, String id) {
        return new Token<>(id.getBytes(StandardCharsets.UTF_8), "secret".getBytes(StandardCharsets.UTF_8),
                new Text(kind), new Text(service));
    }

    @Test
    void obtainsAtOnceThenAtTheRatioOfTheEarliestExpiry() {
        FakeTime time = new FakeTime();
        Namenode nn = new Namenode(time, DAY, 7 * DAY);
        List<Credentials> handedOn = new ArrayList<>();
        DelegationTokenManager manager = new DelegationTokenManager(nn, handedOn::add, () -> time.now, time, 0.75,
                Duration.ofMinutes(10));

        manager.start();
        assertEquals(Duration.ZERO, time.lastDelay(), "the client's tokens cannot be renewed by the AM: obtain at once");
        time.runPending();

        assertEquals(1, handedOn.size());
        assertSame(handedOn.get(0), manager.current());
        assertEquals(2, manager.current().numberOfTokens());
        // earliest expiry: nn2's token, half a day from now; 75 % of that
        assertEquals(Duration.ofMillis((long) (0.75 * DAY / 2)), time.lastDelay());
        assertEquals(time.now + (long) (0.75 * DAY / 2), manager.nextRenewalMillis());
    }

    @Test
    void aFailedRoundIsRetriedAfterTheBackoffAndKeepsTheCurrentTokens() {
        FakeTime time = new FakeTime();
        Namenode nn = new Namenode(time, DAY, 7 * DAY);
        List<Credentials> handedOn = new ArrayList<>();
        DelegationTokenManager manager = new DelegationTokenManager(nn, handedOn::add, () -> time.now, time, 0.75,
                Duration.ofMinutes(10));
        manager.start();
        time.runPending();
        Credentials first = manager.current();

        nn.down = true;
        time.runPending();
        assertEquals(Duration.ofMinutes(10), time.lastDelay());
        assertSame(first, manager.current(), "the tokens in use stay");
        assertEquals(1, handedOn.size(), "nothing new to hand on");

        nn.down = false;
        time.runPending();
        assertEquals(2, handedOn.size());
        assertTrue(manager.current() != first);
    }

    @Test
    void tokensInUseNeverExpireOverAMonthEvenWithOutages() {
        FakeTime time = new FakeTime();
        Namenode nn = new Namenode(time, DAY, 7 * DAY);
        DelegationTokenManager manager = new DelegationTokenManager(nn, c -> {}, () -> time.now, time, 0.75,
                Duration.ofMinutes(10));
        manager.start();
        time.runPending();
        long end = time.now + 30 * DAY;
        int rounds = 0;
        while (time.now < end) {
            // every third round the namenode is down for the first two tries
            nn.down = rounds % 3 == 0 && time.delays.size() % 3 != 0;
            time.runPending();
            rounds++;
            long earliest = manager.current().getAllTokens().stream()
                    .mapToLong(t -> nn.expiry(t).getAsLong()).min().getAsLong();
            assertTrue(earliest > time.now, "a token in use expired at round " + rounds);
            // the next round comes before the earliest expiry
            assertTrue(time.now + time.lastDelay().toMillis() < earliest);
        }
        assertTrue(rounds > 30, "tokens were obtained again and again: " + rounds);
    }

    @Test
    void tokensAreCancelledTwoRoundsLaterAndAllAtTheEnd() {
        FakeTime time = new FakeTime();
        Namenode nn = new Namenode(time, DAY, 7 * DAY);
        DelegationTokenManager manager = new DelegationTokenManager(nn, c -> {}, () -> time.now, time, 0.75,
                Duration.ofMinutes(10));
        manager.start();
        time.runPending(); // round 1: id-1, id-2
        time.runPending(); // round 2: id-3, id-4; round 1 stays valid as a fallback
        assertEquals(List.of(), nn.cancelled);
        time.runPending(); // round 3: round 1 goes
        assertEquals(List.of("id-1", "id-2"), nn.cancelled.stream().sorted().toList());

        manager.stopAndCancel();
        assertEquals(List.of("id-1", "id-2", "id-3", "id-4", "id-5", "id-6"), nn.cancelled.stream().sorted().toList());
        time.runPending(); // a round that was due: nothing obtained, nothing scheduled
        assertEquals(6, nn.issued);
        assertNull(time.pending, "no further round");
    }

    @Test
    void scheduleEdges() {
        long now = 1_000_000L;
        Duration backoff = Duration.ofMinutes(10);
        assertEquals(Duration.ofMillis(75 * HOUR / 100),
                RenewalSchedule.nextDelay(now, List.of(now + HOUR, now + 2 * HOUR), false, 0.75, backoff));
        assertEquals(RenewalSchedule.MIN_DELAY, RenewalSchedule.nextDelay(now, List.of(now - HOUR), false, 0.75,
                backoff), "an expired token: as soon as possible, without a busy loop");
        assertEquals(backoff, RenewalSchedule.nextDelay(now, List.of(), true, 0.75, backoff),
                "no token says when it expires: look again after the back-off");
        assertEquals(backoff, RenewalSchedule.nextDelay(now, List.of(now + 7 * DAY), true, 0.75, backoff),
                "one token's expiry is unknown: it may be the first to expire, so not a week of trust");
        assertEquals(Duration.ofMillis(75 * 60_000 / 100), RenewalSchedule.nextDelay(now, List.of(now + 60_000), true,
                0.75, backoff), "a known expiry sooner than the back-off still comes first");
        assertThrows(IllegalArgumentException.class, () -> RenewalSchedule.nextDelay(now, List.of(now), false, 1.0,
                Duration.ZERO));
    }

    @Test
    void aTokenWhoseExpiryIsUnknownBringsTheNextRoundAfterTheBackoff() {
        FakeTime time = new FakeTime();
        Namenode namenode = new Namenode(time, DAY, 7 * DAY);
        // the namenode's answer for the second token is lost (its one renewal failed)
        DelegationTokenManager.TokenSource source = new DelegationTokenManager.TokenSource() {
            @Override
            public Credentials obtain() throws IOException {
                Credentials c = namenode.obtain();
                c.addToken(new Text("unknown"), new Token<>("id".getBytes(StandardCharsets.UTF_8), new byte[0],
                        new Text("HDFS_DELEGATION_TOKEN"), new Text("other-namenode:8020")));
                return c;
            }

            @Override
            public OptionalLong expiry(Token<? extends TokenIdentifier> token) {
                return token.getService().toString().equals("other-namenode:8020") ? OptionalLong.empty()
                        : namenode.expiry(token);
            }

            @Override
            public void cancel(Token<? extends TokenIdentifier> token) {
                namenode.cancel(token);
            }
        };
        DelegationTokenManager manager = new DelegationTokenManager(source, c -> {}, () -> time.now, time, 0.75,
                Duration.ofMinutes(10));
        manager.start();
        time.runPending();
        assertEquals(Duration.ofMinutes(10), time.lastDelay(), "not 75% of the known token's day");
    }

    @Test
    void currentIsNullBeforeTheFirstRound() {
        FakeTime time = new FakeTime();
        DelegationTokenManager manager = new DelegationTokenManager(new Namenode(time, DAY, 7 * DAY), c -> {},
                () -> time.now, time, 0.75, Duration.ofMinutes(10));
        assertNull(manager.current());
        assertEquals(-1, manager.nextRenewalMillis());
    }
}
