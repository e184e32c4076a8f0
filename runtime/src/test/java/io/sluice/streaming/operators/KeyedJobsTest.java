package io.sluice.streaming.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.eventtime.WatermarkStrategy;
import io.sluice.api.functions.RichMapFunction;
import io.sluice.api.tuple.Tuple2;
import io.sluice.api.windowing.assigners.EventTimeSessionWindows;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import io.sluice.api.state.ValueState;
import io.sluice.api.state.ValueStateDescriptor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Keyed aggregations, keyed rich functions, count and session windows as whole jobs on two TaskManagers of this JVM. */
@Timeout(180)
class KeyedJobsTest {

    static MultiTaskManagerCluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Configuration config = new Configuration();
        config.setString("restart-strategy.type", "none");
        cluster = new MultiTaskManagerCluster(config, 2, 1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void reset() {
        StreamEnvironment.resetContext();
    }

    private static List<String> lines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("part-\\d+")).toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    @Test
    void keyedSumEmitsRunningTotalsAndEndsWithEachKeysTotal() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("sum");
        env.fromSequence(1, 100_000).map(v -> Tuple2.of(v % 100, v)).keyBy(Tuple2::f0).sum(1)
                .writeAsText(out.toUri().toString());
        env.execute("keyed sum");

        Map<Long, Long> expected = new HashMap<>();
        for (long v = 1; v <= 100_000; v++) {
            expected.merge(v % 100, v, Long::sum);
        }
        Map<Long, Long> last = new HashMap<>();
        List<String> all = lines(out);
        for (String line : all) {
            String[] kv = line.substring(1, line.length() - 1).split(",");
            last.merge(Long.parseLong(kv[0]), Long.parseLong(kv[1]), Math::max);
        }
        assertEquals(100_000, all.size(), "one updated total per record");
        assertEquals(expected, last);
    }

    /** Numbers each key's records 1, 2, 3... in keyed state. */
    static final class Sequence extends RichMapFunction<Long, String> {
        private transient ValueState<Long> seen;

        @Override
        public void open() {
            seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen"));
        }

        @Override
        public String map(Long value) throws Exception {
            long n = seen.value() == null ? 1 : seen.value() + 1;
            seen.update(n);
            return value % 7 + ":" + n;
        }
    }

    @Test
    void richMapOnAKeyedStreamAndCountWindows() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path numbered = dir.resolve("numbered");
        Path windows = dir.resolve("windows");
        env.fromSequence(1, 7000).keyBy(v -> v % 7).map(new Sequence()).writeAsText(numbered.toUri().toString());
        env.fromSequence(1, 7000).map(v -> Tuple2.of(v % 7, 1L)).keyBy(Tuple2::f0).countWindow(300).sum(1)
                .writeAsText(windows.toUri().toString());
        env.execute("rich map and count windows");

        List<String> expected = new ArrayList<>();
        for (long k = 0; k < 7; k++) {
            for (long n = 1; n <= 1000; n++) {
                expected.add(k + ":" + n);
            }
        }
        List<String> actual = lines(numbered);
        actual.sort(null);
        expected.sort(null);
        assertEquals(expected, actual);
        // 1000 records per key: three full windows of 300 each, the last 100 never fire
        List<String> counts = lines(windows);
        assertEquals(21, counts.size(), counts.toString());
        assertEquals(21, counts.stream().filter(l -> l.endsWith(",300)")).count());
    }

    @Test
    void eventTimeSessionsAcrossTaskManagers() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("sessions");
        // per key (v % 10): timestamps v, so records of a key are 10 apart; every 1000 there is a pause of 500
        env.fromSequence(1, 20_000)
                .map(v -> Tuple2.of(v % 10, v + (v / 1000) * 500))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Tuple2<Long, Long>>forMonotonousTimestamps()
                        .withTimestampAssigner((t, previous) -> t.f1()))
                .keyBy(Tuple2::f0)
                .window(EventTimeSessionWindows.withGap(Duration.ofMillis(100)))
                .process(new SessionCount())
                .writeAsText(out.toUri().toString());
        env.execute("sessions");

        Map<String, Long> expected = new HashMap<>();
        for (long v = 1; v <= 20_000; v++) {
            expected.merge(v % 10 + "@" + v / 1000, 1L, Long::sum);
        }
        Map<String, Long> actual = new HashMap<>();
        for (String line : lines(out)) {
            String[] parts = line.split("=");
            assertEquals(null, actual.put(parts[0], Long.parseLong(parts[1])), line + " fired twice");
        }
        assertEquals(expected, actual);
    }

    @Test
    void windowAllCountsTheWholeStreamInOneInstance() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("all");
        env.fromSequence(1, 10_000)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, p) -> v))
                .map(v -> Tuple2.of("all", 1L))
                .windowAll(io.sluice.api.windowing.assigners.TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
                .sum(1)
                .writeAsText(out.toUri().toString());
        env.execute("window all");
        List<String> counts = lines(out);
        counts.sort(null);
        List<String> expected = new ArrayList<>();
        expected.add("(all,1)");
        expected.add("(all,999)");
        for (int i = 0; i < 9; i++) {
            expected.add("(all,1000)");
        }
        expected.sort(null);
        assertEquals(expected, counts, "1..999 in [0,1s), 1000 per full second, 10000 alone");
    }

    /** Emits key@session-number=count; sessions start at (n * 1000 + n * 500) in event time. */
    static final class SessionCount extends io.sluice.api.windowing.ProcessWindowFunction<Tuple2<Long, Long>, String, Long,
            io.sluice.api.windowing.windows.TimeWindow> {
        @Override
        public void process(Long key, Context ctx, Iterable<Tuple2<Long, Long>> elements,
                io.sluice.api.functions.Collector<String> out) throws Exception {
            long count = 0;
            long firstValue = Long.MAX_VALUE;
            for (Tuple2<Long, Long> e : elements) {
                count++;
                firstValue = Math.min(firstValue, e.f1());
            }
            out.collect(key + "@" + firstValue / 1500 + "=" + count);
        }
    }
}
