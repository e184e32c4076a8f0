package io.sluice.api.common;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Identifies a job: 16 random bytes, written as 32 lower-case hex characters (as Flink's JobID). */
public record JobId(long upper, long lower) implements Serializable {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static JobId generate() {
        return new JobId(RANDOM.nextLong(), RANDOM.nextLong());
    }

    /** Parses 32 hex characters; anything else is rejected with a message naming the input. */
    public static JobId fromHexString(String hex) {
        if (hex == null || hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(
                    "'" + hex + "' is not a job id: a job id is 32 hexadecimal characters");
        }
        return new JobId(Long.parseUnsignedLong(hex.substring(0, 16), 16),
                Long.parseUnsignedLong(hex.substring(16), 16));
    }

    public String toHexString() {
        return HexFormat.of().toHexDigits(upper) + HexFormat.of().toHexDigits(lower);
    }

    @Override
    public String toString() {
        return toHexString();
    }
}
