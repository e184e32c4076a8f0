package io.sluice.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.client.MultiTaskManagerCluster;
import io.sluice.config.Configuration;
import io.sluice.state.KeyGroupRangeAssignment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Jobs with network exchanges between two TaskManagers of this JVM (real Netty on loopback). */
@Timeout(180)
class NetworkShuffleJobTest {

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

    /** Values per part file: part-i holds what subtask i wrote. */
    static Map<Integer, List<Long>> readParts(Path out) throws IOException {
        Map<Integer, List<Long>> parts = new HashMap<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("part-\\d+")).toList()) {
                int subtask = Integer.parseInt(p.getFileName().toString().substring(5));
                parts.put(subtask, Files.readAllLines(p).stream().map(Long::parseLong).toList());
            }
        }
        return parts;
    }

    @Test
    void keyedExchangeDeliversEveryRecordOnceToTheOwnerOfItsKeyGroup() throws Exception {
        StreamEnvironment.initializeContext(cluster, 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        Path out = dir.resolve("keyed");
        long n = 200_000;
        env.fromSequence(1, n).keyBy(v -> v % 1000).writeAsText(out.toUri().toString());
        env.execute("keyed exchange");

        Map<Integer, List<Long>> parts = readParts(out);
        assertEquals(2, parts.size());
        boolean[] seen = new boolean[(int) n + 1];
        long total = 0;
        for (Map.Entry<Integer, List<Long>> part : parts.entrySet()) {
            for (long v : part.getValue()) {
                assertTrue(!seen[(int) v], "value " + v + " delivered twice");
                seen[(int) v] = true;
                total++;
                assertEquals(KeyGroupRangeAssignment.operatorIndexForKey(v % 1000, 128, 2), part.getKey(),
                        "value " + v + " (key " + v % 1000 + ") reached a subtask that does not own its key group");
            }
        }
        assertEquals(n, total);
        assertTrue(parts.get(0).size() > n / 4 && parts.get(1).size() > n / 4, "both subtasks receive keys");
    }
}
