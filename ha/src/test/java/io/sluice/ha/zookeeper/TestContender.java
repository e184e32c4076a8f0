package io.sluice.ha.zookeeper;

import io.sluice.leader.LeaderContender;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what leader election tells it: a token per grant, null per revocation. */
final class TestContender implements LeaderContender {

    private static final UUID REVOKED = new UUID(0, 0);

    private final LinkedBlockingQueue<UUID> events = new LinkedBlockingQueue<>();
    volatile UUID current;

    @Override
    public void grantLeadership(UUID token) {
        current = token;
        events.add(token);
    }

    @Override
    public void revokeLeadership() {
        current = null;
        events.add(REVOKED);
    }

    /** The token of the next grant; fails on a revocation or when none comes in time. */
    UUID awaitGrant(Duration timeout) throws InterruptedException {
        UUID e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null || e == REVOKED) {
            throw new AssertionError(e == null ? "not granted within " + timeout : "revoked instead of granted");
        }
        return e;
    }

    void awaitRevoke(Duration timeout) throws InterruptedException {
        UUID e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e != REVOKED) {
            throw new AssertionError(e == null ? "not revoked within " + timeout : "granted " + e + " instead of revoked");
        }
    }

    /** Null when nothing happened within the timeout; the event otherwise ("revoked" or the token). */
    String pollEvent(Duration timeout) throws InterruptedException {
        UUID e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return e == null ? null : e == REVOKED ? "revoked" : e.toString();
    }
}
