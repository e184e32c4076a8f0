package io.sluice.examples.stateful;

import io.sluice.api.DataStream;
import io.sluice.api.StreamEnvironment;
import io.sluice.examples.ExampleArgs;

/**
 * A keyed stateful job whose output can be checked: generated events of {@code --keys} keys, each
 * key's events numbered 0, 1, 2, ..., checked per key by {@link SequenceChecker} (keyed state and
 * an event-time timer). With {@code --count N} the input is N events and the output holds one line
 * per key, {@code key, events, last seq, duplicates, gaps}: a correct run has, for key k,
 * {@code ceil((N - k) / keys)} events, last seq one less, no duplicates and no gaps. Without
 * {@code --count} it runs until cancelled and reports every {@code --report-every} events per key.
 * With {@code --checkpointing <ms>} and {@code --output}, a failure resumes from the latest
 * checkpoint and the committed output is the same as a failure-free run's: a replay or a loss would
 * show as a repeated or missing report line.
 */
public final class StatefulJob {

    static final String USAGE = "usage: StatefulJob [--count <events>, default: endless] [--keys <n>, default 1000] "
            + "[--rate <events per second per subtask>, default 0 = unlimited with --count, 1000 without] "
            + "[--report-every <events per key>, default 0 with --count, 1000 without] "
            + "[--output <directory>, default: print] [--parallelism <n>] "
            + "[--checkpointing <interval ms>, default: off; with --output the output is then exactly once]";

    private StatefulJob() {
    }

    public static DataStream<String> build(StreamEnvironment env, int keys, long count, long rate, long reportEvery) {
        return env.fromSource(new KeyedEventSource(keys, count, 1, rate), "Keyed Events").uid("keyed-events")
                .keyBy(KeyedEvent::key)
                .process(new SequenceChecker(reportEvery)).name("Sequence Checker").uid("sequence-checker");
    }

    public static void main(String[] args) throws Exception {
        ExampleArgs params;
        try {
            params = ExampleArgs.parse(args);
            params.rejectUnknown("count", "keys", "rate", "report-every", "output", "parallelism", "checkpointing");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            throw new IllegalArgumentException(e.getMessage() + " (" + USAGE + ")", e);
        }
        long count = params.getLong("count", -1);
        boolean endless = count < 0;
        int keys = Math.toIntExact(params.getLong("keys", 1000));
        long rate = params.getLong("rate", endless ? 1000 : 0);
        long reportEvery = params.getLong("report-every", endless ? 1000 : 0);

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        params.optionalInt("parallelism").ifPresent(env::setParallelism);
        long checkpointing = params.getLong("checkpointing", 0);
        if (checkpointing > 0) {
            env.enableCheckpointing(checkpointing);
        }
        DataStream<String> out = build(env, keys, count, rate, reportEvery);
        params.optional("output").ifPresentOrElse(out::writeAsText, out::print);
        env.execute("Stateful sequence check" + (endless ? "" : " of " + count + " events"));
    }
}
