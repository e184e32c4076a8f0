package io.sluice.examples.windowing;

import io.sluice.api.DataStream;
import io.sluice.api.OutputTag;
import io.sluice.api.StreamEnvironment;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.windowing.assigners.TumblingEventTimeWindows;
import io.sluice.examples.ExampleArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * Event-time tumbling-window word counts. Input: generated {@link WordEvents} (out of order by up
 * to {@code --out-of-orderness-ms}; with {@code --late-every k} every k-th event is far too old and
 * goes to the late-data side output), or text lines from a socket ({@code --host/--port}, lines
 * {@code [<epoch millis>] <text>}). Output: {@code <window start> TAB <window end> TAB <word> TAB
 * <count>} per word and window, and late events as {@code late TAB <word> TAB <timestamp>}.
 *
 * <p>The watermark trails the highest timestamp by the out-of-orderness bound, so no event within
 * the bound is late and every window's count is exact; the test computes the expected windows from
 * {@link WordEvents} alone.
 */
public final class WindowedWordCount {

    static final String USAGE = "usage: WindowedWordCount [--count <events>, default: endless] "
            + "[--rate <events per second per subtask>, default 0 = unlimited with --count, 1000 without] "
            + "[--window-ms <n>, default 1000] [--interval-ms <event time between events>, default 10] "
            + "[--out-of-orderness-ms <n>, default 500] [--late-every <k>, default 0 = none] "
            + "[--host <h> --port <p>: read text lines from a socket instead] "
            + "[--output <directory>, default: print] [--parallelism <n>]";

    /** Events older than the watermark (beyond the allowed lateness of 0) go here. */
    public static final OutputTag<WordEvent> LATE = new OutputTag<>("late-words");

    private WindowedWordCount() {
    }

    /** Window counts (main output) and late events (formatted) of {@code events}. */
    public static DataStream<String>[] countPerWindow(DataStream<WordEvent> events, Duration window, Duration outOfOrderness) {
        DataStream<String> counts = events
                .assignTimestampsAndWatermarks(WatermarkStrategy.<WordEvent>forBoundedOutOfOrderness(outOfOrderness)
                        .withTimestampAssigner((event, previous) -> event.timestamp()))
                .name("Timestamps and watermarks")
                .keyBy(WordEvent::word)
                .window(TumblingEventTimeWindows.of(window))
                .sideOutputLateData(LATE)
                .aggregate(new CountWords(), new FormatWindow()).name("Window count");
        DataStream<String> late = counts.getSideOutput(LATE)
                .map(e -> "late\t" + e.word() + "\t" + e.timestamp()).name("Format late");
        @SuppressWarnings("unchecked")
        DataStream<String>[] both = new DataStream[] {counts, late};
        return both;
    }

    public static void main(String[] args) throws Exception {
        ExampleArgs params;
        Optional<String> host;
        try {
            params = ExampleArgs.parse(args);
            params.rejectUnknown("count", "rate", "window-ms", "interval-ms", "out-of-orderness-ms", "late-every",
                    "host", "port", "output", "parallelism");
            host = params.optional("host");
            if (host.isPresent() != params.optional("port").isPresent()) {
                throw new IllegalArgumentException("--host and --port go together");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            throw new IllegalArgumentException(e.getMessage() + " (" + USAGE + ")", e);
        }
        long count = params.getLong("count", -1);
        Duration window = Duration.ofMillis(params.getLong("window-ms", 1000));
        Duration outOfOrderness = Duration.ofMillis(params.getLong("out-of-orderness-ms", 500));

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        params.optionalInt("parallelism").ifPresent(env::setParallelism);
        DataStream<WordEvent> events;
        if (host.isPresent()) {
            events = env.socketTextStream(host.get(), Math.toIntExact(params.getLong("port", 0)))
                    .flatMap(new SocketWordEvents()).name("Words with time");
        } else {
            WordEvents generator = new WordEvents(params.getLong("interval-ms", 10), outOfOrderness.toMillis(),
                    params.getLong("late-every", 0), 10 * window.toMillis() + outOfOrderness.toMillis());
            long rate = params.getLong("rate", count < 0 ? 1000 : 0);
            events = env.fromSource(new WordEventSource(generator, count, rate), "Word Events").uid("word-events");
        }
        DataStream<String>[] out = countPerWindow(events, window, outOfOrderness);
        Optional<String> output = params.optional("output");
        if (output.isPresent()) {
            out[0].writeAsText(output.get());
            out[1].writeAsText(output.get() + "/late");
        } else {
            out[0].print();
            out[1].print("late");
        }
        env.execute("Windowed WordCount");
    }
}
