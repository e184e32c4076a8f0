package io.sluice.streaming;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;

/** Compares long lists of values, reporting the first difference instead of both lists. */
final class ValueAssertions {

    private ValueAssertions() {
    }

    static void assertSameValues(List<Long> expected, List<Long> actual, String what) {
        int common = Math.min(expected.size(), actual.size());
        for (int i = 0; i < common; i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                fail(what + ": first difference at index " + i + ": expected " + expected.get(i)
                        + " but was " + actual.get(i));
            }
        }
        if (expected.size() != actual.size()) {
            fail(what + ": expected " + expected.size() + " values but got " + actual.size());
        }
    }
}
