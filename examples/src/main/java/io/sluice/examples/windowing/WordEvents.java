package io.sluice.examples.windowing;

/**
 * The generated input of {@link WindowedWordCount}, as a pure function of the event number, so a
 * test can compute the expected windows without running anything.
 *
 * <p>Event n carries one of {@link #WORDS} and the event time {@code n * intervalMillis} minus a
 * pseudo-random delay in {@code [0, maxDelayMillis]}: events arrive out of order by at most the
 * delay bound. With {@code lateEvery} k > 0, every k-th event (n % k == k - 1) is instead
 * {@code lateByMillis} older: far behind the watermark, so it is late data.
 */
public final class WordEvents implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    public static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango"};

    private final long intervalMillis;
    private final long maxDelayMillis;
    private final long lateEvery;
    private final long lateByMillis;

    public WordEvents(long intervalMillis, long maxDelayMillis, long lateEvery, long lateByMillis) {
        if (intervalMillis < 0 || maxDelayMillis < 0 || lateEvery < 0 || lateByMillis < 0) {
            throw new IllegalArgumentException("event generator settings must not be negative");
        }
        this.intervalMillis = intervalMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.lateEvery = lateEvery;
        this.lateByMillis = lateByMillis;
    }

    public WordEvent event(long n) {
        String word = WORDS[(int) Long.remainderUnsigned(mix(n), WORDS.length)];
        long time = n * intervalMillis;
        if (isLate(n)) {
            time -= lateByMillis;
        } else {
            time -= Long.remainderUnsigned(mix(n ^ 0x5DEECE66DL), maxDelayMillis + 1);
        }
        return new WordEvent(word, Math.max(0, time));
    }

    /** Whether event n is one of the deliberately late ones. */
    public boolean isLate(long n) {
        return lateEvery > 0 && n % lateEvery == lateEvery - 1;
    }

    /** SplitMix64's finalizer: well-spread bits from consecutive numbers. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
