package ${package};

import io.sluice.api.StreamEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job: readings of a few sensors (a custom {@link ReadingSource}) are keyed by sensor, each
 * sensor's running total is kept in state ({@link RunningTotal}), and one line per reading,
 * {@code sensor-<s>,<sequence>,<total>}, goes to part files written exactly once
 * ({@link ExactlyOnceFileSink}). Checkpoints make a failure invisible in the output: every line
 * appears once, whatever was killed while the job ran.
 *
 * <pre>
 * bin/sluice run -t local target/&lt;artifact&gt;.jar --output /tmp/totals
 * </pre>
 *
 * Options: {@code --output} (required) the directory of the part files; {@code --sensors} (8);
 * {@code --readings} per sensor (20000); {@code --rate} readings per second per parallel instance,
 * 0 = unlimited (0); {@code --checkpointing} interval in milliseconds (1000).
 */
public final class SensorTotals {

    private static final List<String> OPTIONS = List.of("output", "sensors", "readings", "rate", "checkpointing");

    private SensorTotals() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        String output = options.get("output");
        if (output == null) {
            throw new IllegalArgumentException("--output <directory> is required: where the part files go");
        }
        int sensors = Integer.parseInt(options.getOrDefault("sensors", "8"));
        long readings = Long.parseLong(options.getOrDefault("readings", "20000"));
        long rate = Long.parseLong(options.getOrDefault("rate", "0"));
        long checkpointing = Long.parseLong(options.getOrDefault("checkpointing", "1000"));

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(checkpointing);
        env.fromSource(new ReadingSource(sensors, readings, rate), "Readings")
                .keyBy(Reading::sensor)
                .process(new RunningTotal())
                .name("Running totals")
                .sinkTo(new ExactlyOnceFileSink(output), "Part files");
        env.execute("Sensor totals");
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "': the options are --"
                        + String.join(" <value>, --", OPTIONS) + " <value>");
            }
            options.put(key, args[i + 1]);
        }
        return options;
    }
}
