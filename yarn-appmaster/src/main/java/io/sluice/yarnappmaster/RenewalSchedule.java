package io.sluice.yarnappmaster;

import java.time.Duration;
import java.util.Collection;

/**
 * When to obtain new delegation tokens: after {@code ratio} of the remaining lifetime of the token
 * that expires first, so a failed attempt leaves time for retries before anything expires.
 */
final class RenewalSchedule {

    /** Never sooner than this, so a token that has (nearly) expired does not make a busy loop. */
    static final Duration MIN_DELAY = Duration.ofSeconds(1);

    private RenewalSchedule() {}

    /**
     * @param nowMillis the current time
     * @param expiriesMillis when each token expires (its next renewal deadline or max date, whichever
     *                       is earlier); empty when no token says
     * @param anyUnknown whether some token's expiry is not known (then it may be the earliest)
     * @param unknownExpiryDelay the longest delay when some token's expiry is not known
     */
    static Duration nextDelay(long nowMillis, Collection<Long> expiriesMillis, boolean anyUnknown, double ratio,
                              Duration unknownExpiryDelay) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("ratio must be between 0 and 1 (exclusive), was " + ratio);
        }
        if (expiriesMillis.isEmpty()) {
            return unknownExpiryDelay;
        }
        long earliest = expiriesMillis.stream().mapToLong(Long::longValue).min().getAsLong();
        long delay = (long) ((earliest - nowMillis) * ratio);
        Duration known = delay < MIN_DELAY.toMillis() ? MIN_DELAY : Duration.ofMillis(delay);
        return anyUnknown && unknownExpiryDelay.compareTo(known) < 0 ? unknownExpiryDelay : known;
    }
}
