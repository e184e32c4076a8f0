package io.sluice.examples;

import io.sluice.api.StreamEnvironment;

/**
 * Writes the multiples of 3 among the doubled numbers {@code from..to} as text, one part file per
 * parallel instance. Runs unchanged in the IDE, with {@code bin/sluice run}, and on YARN.
 */
public final class SequenceToText {

    static final String USAGE = "usage: SequenceToText --output <path> [--from <n>, default 1] "
            + "[--to <n>, default 1000000] [--rate <records per second per subtask>, default 0 = unlimited] "
            + "[--parallelism <n>] [--checkpointing <interval ms>, default: off; the output is then exactly once]";

    private SequenceToText() {
    }

    /**
     * @throws IllegalArgumentException on a bad command line, after printing the usage to stderr; no
     *         System.exit, so the program stays usable inside the CLI or an ApplicationMaster, whose
     *         launcher maps the exception to exit code 2
     */
    public static void main(String[] args) throws Exception {
        ExampleArgs params;
        String output;
        try {
            params = ExampleArgs.parse(args);
            params.rejectUnknown("output", "from", "to", "rate", "parallelism", "checkpointing");
            output = params.required("output");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            throw new IllegalArgumentException(e.getMessage() + " (" + USAGE + ")", e);
        }
        long from = params.getLong("from", 1);
        long to = params.getLong("to", 1_000_000);
        long rate = params.getLong("rate", 0);

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        params.optionalInt("parallelism").ifPresent(env::setParallelism);
        long checkpointing = params.getLong("checkpointing", 0);
        if (checkpointing > 0) {
            env.enableCheckpointing(checkpointing);
        }

        env.fromSequence(from, to, rate)
                .map(x -> x * 2).name("Double")
                .filter(x -> x % 3 == 0).name("Multiples of 3")
                .writeAsText(output);

        env.execute("Sequence to text");
    }
}
