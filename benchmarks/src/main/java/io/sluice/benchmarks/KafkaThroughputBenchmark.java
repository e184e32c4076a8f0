package io.sluice.benchmarks;

import io.sluice.api.StreamEnvironment;
import io.sluice.connector.kafka.DeliveryGuarantee;
import io.sluice.connector.kafka.KafkaBroker;
import io.sluice.connector.kafka.KafkaRecordDeserializer;
import io.sluice.connector.kafka.KafkaSink;
import io.sluice.connector.kafka.KafkaSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka -> Kafka records/s through Sluice at parallelism 2 (embedded local cluster; the records are
 * passed through as bytes), at least once and exactly once with 1 s checkpoints, next to Kafka's own
 * {@code kafka-producer-perf-test} and {@code kafka-consumer-perf-test} ({@code ProducerPerformance},
 * {@code ConsumerPerformance}) on the same single-node KRaft broker: the machine's limit. One sample
 * is one bounded job over the whole input topic, from submission to its end.
 */
public final class KafkaThroughputBenchmark {

    private KafkaThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long records = 2_000_000;
        int recordSize = 100;
        int runs = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--record-size" -> recordSize = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --records, --record-size, --runs");
            }
        }
        Path dir = Files.createTempDirectory("kafka-benchmark");
        System.out.printf(Locale.ROOT, "KafkaThroughputBenchmark: %,d records of %d bytes, parallelism 2, %d run(s); JVM %s, %d processors%n",
                records, recordSize, runs, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try (KafkaBroker broker = KafkaBroker.start(dir.resolve("kafka"))) {
            broker.createTopic("perf-in", 2);
            broker.createTopic("perf-scratch", 2);
            producerPerf(broker, dir, "perf-in", records, recordSize); // the input, and the broker's warm-up
            double producer = producerPerf(broker, dir, "perf-scratch", records, recordSize);
            double consumer = consumerPerf(broker, dir, records);
            System.out.printf(Locale.ROOT, "kafka-producer-perf-test   %,12.0f records/s%n", producer);
            System.out.printf(Locale.ROOT, "kafka-consumer-perf-test   %,12.0f records/s%n", consumer);
            for (DeliveryGuarantee guarantee : List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
                List<Double> rates = new ArrayList<>();
                for (int run = 0; run <= runs; run++) { // run 0 warms up
                    String out = "perf-out-" + guarantee.name().toLowerCase(Locale.ROOT) + "-" + run;
                    broker.createTopic(out, 2);
                    double rate = job(broker, dir, guarantee, out, records, run);
                    System.out.printf(Locale.ROOT, "sluice %-14s %s %,12.0f records/s%n", guarantee,
                            run == 0 ? "warm-up" : "run " + run + "  ", rate);
                    if (run > 0) {
                        rates.add(rate);
                    }
                }
                rates.sort(null);
                double median = rates.get(rates.size() / 2);
                System.out.printf(Locale.ROOT, "sluice %-14s median %,12.0f records/s = %.0f %% of the slower perf tool%n",
                        guarantee, median, 100 * median / Math.min(producer, consumer));
            }
        }
    }

    private static double job(KafkaBroker broker, Path dir, DeliveryGuarantee guarantee, String out, long records,
                              int run) throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(1000);
        env.getCheckpointConfig().setCheckpointStorage(dir.resolve("checkpoints").toUri().toString());
        env.fromSource(KafkaSource.<byte[]>builder()
                        .bootstrapServers(broker.bootstrapServers())
                        .topics("perf-in")
                        .boundedAtLatest()
                        .deserializer(KafkaRecordDeserializer.valueAsBytes())
                        .build(), "Kafka perf-in")
                .sinkTo(KafkaSink.<byte[]>builder()
                        .bootstrapServers(broker.bootstrapServers())
                        .serializer(value -> new ProducerRecord<>(out, value))
                        .deliveryGuarantee(guarantee)
                        .transactionalIdPrefix("benchmark-" + out)
                        .build(), "Kafka " + out);
        long start = System.nanoTime();
        env.execute("kafka throughput " + guarantee + " " + run);
        double seconds = (System.nanoTime() - start) / 1e9;
        return records / seconds;
    }

    private static double producerPerf(KafkaBroker broker, Path dir, String topic, long records, int recordSize)
            throws Exception {
        String output = tool(dir, "producer-" + topic, "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + broker.bootstrapServers(), "acks=all");
        Matcher m = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec").matcher(output);
        if (!m.find()) {
            throw new IOException("no summary in the producer perf tool's output:\n" + output);
        }
        return Double.parseDouble(m.group(2));
    }

    private static double consumerPerf(KafkaBroker broker, Path dir, long records) throws Exception {
        String output = tool(dir, "consumer", "org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
                broker.bootstrapServers(), "--topic", "perf-in", "--num-records", String.valueOf(records));
        // header "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ..." then the values
        String[] header = null;
        for (String line : output.lines().toList()) {
            if (line.startsWith("start.time")) {
                header = line.split(",\\s*");
            } else if (header != null && line.split(",\\s*").length == header.length) {
                String[] values = line.split(",\\s*");
                for (int c = 0; c < header.length; c++) {
                    if (header[c].trim().equals("nMsg.sec")) {
                        return Double.parseDouble(values[c].trim());
                    }
                }
            }
        }
        throw new IOException("no summary in the consumer perf tool's output:\n" + output);
    }

    private static String tool(Path dir, String name, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Path log = dir.resolve(name + "-perf.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(mainClass + " failed: " + Files.readString(log));
        }
        return Files.readString(log);
    }
}
