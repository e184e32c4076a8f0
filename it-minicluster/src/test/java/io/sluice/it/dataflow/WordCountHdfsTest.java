package io.sluice.it.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.examples.wordcount.TextGenerator;
import io.sluice.examples.wordcount.WordCounter;
import io.sluice.it.standalone.StandaloneCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * WordCount reading from and writing to HDFS (a MiniDFSCluster in the test JVM, one DataNode) on a
 * JobManager and two TaskManager processes. The processes reach HDFS through the full
 * {@code hdfs://host:port} URIs with the distribution's Hadoop client.
 */
@Timeout(600)
class WordCountHdfsTest {

    @TempDir
    static Path tmp;

    static MiniDFSCluster hdfs;
    static StandaloneCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("dfs").toString());
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        cluster = StandaloneCluster.start(tmp.resolve("log"), 2, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void wordCountFromHdfsToHdfsEqualsTheIndependentCount() throws Exception {
        List<Path> local = new TextGenerator(10_000, 3).writeFiles(tmp.resolve("in"), 3, 3L << 20);
        Map<String, Long> expected = WordCounter.count(local);
        FileSystem fs = hdfs.getFileSystem();
        String base = fs.getUri().toString();
        org.apache.hadoop.fs.Path in = new org.apache.hadoop.fs.Path(base + "/user/test/books");
        fs.mkdirs(in);
        for (Path file : local) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()), in);
        }
        // a marker file of the kind Hadoop jobs leave behind: must be skipped
        fs.create(new org.apache.hadoop.fs.Path(in, "_SUCCESS")).close();
        String out = base + "/user/test/counts";

        StandaloneCluster.Result r = cluster.run(List.of("-p", "3",
                cluster.examplesDir().resolve("wordcount.jar").toString(),
                "--input", in.toString(), "--output", out), Duration.ofMinutes(5));
        assertEquals(0, r.exitCode(), r.stderr());

        WordCountOutput.assertSameCounts(expected, WordCountOutput.read(out, 3));
    }
}
