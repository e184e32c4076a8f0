package io.sluice.it.standalone;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The stateful example's output ({@code stateful.jar --count N --keys K --report-every E}), computed
 * independently of the job: per key a running line every E events and a final line, no duplicates
 * and no gaps. Exactly once means the committed part files hold each of these lines once.
 */
public final class StatefulOutput {

    private StatefulOutput() {
    }

    public static List<String> expected(long events, int keys, long reportEvery) {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            long own = (events - k + keys - 1) / keys;
            for (long e = reportEvery; reportEvery > 0 && e <= own; e += reportEvery) {
                lines.add(k + "\t" + e + "\t" + (e - 1) + "\t0\t0\trunning");
            }
            lines.add(k + "\t" + own + "\t" + (own - 1) + "\t0\t0");
        }
        lines.sort(null);
        return lines;
    }

    /** The lines of all committed part files, sorted; fails on a hidden part file left behind. */
    public static List<String> committed(FileSystem fs, Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            String name = s.getPath().getName();
            if (name.startsWith(".part-") && !name.endsWith(".crc")) {
                throw new AssertionError("hidden part file left behind: " + s.getPath());
            }
            if (name.startsWith("part-")) {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(s.getPath()),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    public static List<String> committed(java.nio.file.Path localDir) throws IOException {
        return committed(FileSystem.getLocal(new org.apache.hadoop.conf.Configuration()),
                new Path(localDir.toUri()));
    }
}
