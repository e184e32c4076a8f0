package io.sluice.yarnappmaster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.token.Token;
import org.apache.hadoop.security.token.TokenIdentifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the application's delegation tokens fresh: obtains new ones (from the keytab login) before
 * the current ones expire, hands them on (the AM's own user, the TaskManagers), and schedules the
 * next round from the new tokens' expiries. A failed round is retried after a back-off; the tokens
 * in use stay valid meanwhile. All rounds run on the one scheduler thread.
 *
 * <p>Tokens it obtained are cancelled at the NameNode once nobody should hold them any more: a round's
 * tokens when the round after next has replaced them (the previous round's stay valid as a fallback for
 * a TaskManager that missed a push), and all of them when the application ends
 * ({@link #stopAndCancel}). Cancelling is best effort: a token that is not cancelled expires on its own.
 */
final class DelegationTokenManager {

    private static final Logger LOG = LoggerFactory.getLogger(DelegationTokenManager.class);

    /** Where tokens come from (the keytab user and the file systems, in production). */
    interface TokenSource {
        Credentials obtain() throws Exception;

        /** When the token expires (renewal deadline or max date), if known. */
        OptionalLong expiry(Token<? extends TokenIdentifier> token);

        /** Cancels a token this source obtained. */
        void cancel(Token<? extends TokenIdentifier> token) throws Exception;
    }

    /** Runs a task after a delay (a ScheduledExecutorService in production, a fake in tests). */
    interface Scheduler {
        void schedule(Runnable task, Duration delay);
    }

    private final TokenSource source;
    private final Consumer<Credentials> onNewTokens;
    private final LongSupplier clock;
    private final Scheduler scheduler;
    private final double ratio;
    private final Duration retryBackoff;
    private volatile Credentials current;
    /** The round before current, still valid; guarded by this, like stopped. */
    private Credentials previous;
    private boolean stopped;
    private volatile long nextRenewalMillis = -1;

    DelegationTokenManager(TokenSource source, Consumer<Credentials> onNewTokens, LongSupplier clock, Scheduler scheduler,
                           double ratio, Duration retryBackoff) {
        this.source = source;
        this.onNewTokens = onNewTokens;
        this.clock = clock;
        this.scheduler = scheduler;
        this.ratio = ratio;
        this.retryBackoff = retryBackoff;
    }

    /** Obtains tokens at once (the ones the client obtained cannot be renewed by the AM), then on schedule. */
    void start() {
        scheduler.schedule(this::renew, Duration.ZERO);
    }

    /** The latest tokens; null before the first round succeeded. */
    Credentials current() {
        return current;
    }

    /** When the next round is due (epoch millis); -1 before the first round. */
    long nextRenewalMillis() {
        return nextRenewalMillis;
    }

    void renew() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        Duration delay;
        try {
            Credentials credentials = source.obtain();
            List<Long> expiries = new ArrayList<>();
            boolean anyUnknown = false;
            for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
                OptionalLong expiry = source.expiry(token);
                expiry.ifPresent(expiries::add);
                anyUnknown |= expiry.isEmpty();
                LOG.info("Obtained delegation token {} for {}, expires {}", token.getKind(), token.getService(),
                        expiry.isPresent() ? Instant.ofEpochMilli(expiry.getAsLong()) : "(unknown)");
            }
            Credentials superseded;
            synchronized (this) {
                if (stopped) {
                    cancel(credentials, "obtained while the application ended");
                    return;
                }
                superseded = previous;
                previous = current;
                current = credentials;
            }
            // before handing the new ones on, which may fail: the previous round's stay valid meanwhile
            cancel(superseded, "replaced two rounds ago");
            onNewTokens.accept(credentials);
            delay = RenewalSchedule.nextDelay(clock.getAsLong(), expiries, anyUnknown, ratio, retryBackoff);
        } catch (Throwable t) {
            delay = retryBackoff;
            LOG.warn("Could not obtain new delegation tokens; retrying in {}. The current tokens stay valid until "
                    + "they expire.", delay, t);
        }
        nextRenewalMillis = clock.getAsLong() + delay.toMillis();
        LOG.info("Next delegation token renewal at {}", Instant.ofEpochMilli(nextRenewalMillis));
        scheduler.schedule(this::renew, delay);
    }

    /** The application has ended: no more rounds, and the tokens of the last two are cancelled. */
    void stopAndCancel() {
        Credentials last;
        Credentials beforeLast;
        synchronized (this) {
            stopped = true;
            last = current;
            beforeLast = previous;
            previous = null;
        }
        cancel(beforeLast, "the application ended");
        cancel(last, "the application ended");
    }

    private void cancel(Credentials credentials, String why) {
        if (credentials == null) {
            return;
        }
        for (Token<? extends TokenIdentifier> token : credentials.getAllTokens()) {
            try {
                source.cancel(token);
                LOG.info("Cancelled delegation token {} for {} ({})", token.getKind(), token.getService(), why);
            } catch (Exception e) {
                LOG.info("Could not cancel delegation token {} for {} ({}); it expires on its own: {}", token.getKind(),
                        token.getService(), why, e.toString());
            }
        }
    }
}
