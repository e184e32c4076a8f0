package io.sluice.it.dataflow.jobs;

import io.sluice.api.StreamEnvironment;

/**
 * Test job: the numbers 1..count, keyed by {@code value % keys}, written as text by the subtask that
 * owns each key's key group. With {@code --fail-at N} the keyed function throws on N.
 */
public final class KeyedExchangeJob {

    private KeyedExchangeJob() {
    }

    public static void main(String[] args) throws Exception {
        String output = null;
        long count = 100_000;
        long keys = 1000;
        long failAt = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--output" -> output = args[i + 1];
                case "--count" -> count = Long.parseLong(args[i + 1]);
                case "--keys" -> keys = Long.parseLong(args[i + 1]);
                case "--fail-at" -> failAt = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long k = keys;
        long fail = failAt;
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, count).keyBy(v -> v % k).map(v -> checked(v, fail)).writeAsText(output);
        env.execute("keyed exchange");
    }

    static long checked(long value, long failAt) {
        if (value == failAt) {
            throw new IllegalStateException("keyed function rejects " + value);
        }
        return value;
    }
}
