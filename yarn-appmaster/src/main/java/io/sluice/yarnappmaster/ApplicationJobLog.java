package io.sluice.yarnappmaster;

import io.sluice.api.common.JobId;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What the main() of an application cluster did, written to the application's staging dir so that a
 * later ApplicationMaster attempt knows it: one entry per job main() submits, written just before the
 * submission (so there is no moment in which the Dispatcher has stored a job that the log does not
 * name; an entry whose job the HA stores do not know was never submitted), and one entry once main()
 * returned. The staging dir lives exactly as long as the application, and each entry is
 * written to a temporary name and renamed (atomic on HDFS), so a reader never sees half an entry.
 */
final class ApplicationJobLog {

    /** Sub-directory of the staging dir. */
    static final String DIR = "application-jobs";
    private static final String JOB_PREFIX = "job-";
    private static final String MAIN_RETURNED = "main-returned";
    private static final String TMP_SUFFIX = ".tmp";

    /** The ordinal-th job main() submitted (0 = the first). */
    record SubmittedJob(int ordinal, JobId jobId, String jobName) {}

    /** main() returned normally ({@code failure == null}) or threw. */
    record MainReturned(String failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    /** Everything recorded so far; jobs in submission order. */
    record Contents(List<SubmittedJob> jobs, Optional<MainReturned> mainReturned) {}

    private final FileSystem fs;
    private final Path dir;

    ApplicationJobLog(FileSystem fs, Path stagingDir) {
        this.fs = fs;
        this.dir = new Path(stagingDir, DIR);
    }

    void jobSubmitted(SubmittedJob job) throws IOException {
        Properties p = new Properties();
        p.setProperty("ordinal", String.valueOf(job.ordinal()));
        p.setProperty("jobId", job.jobId().toHexString());
        p.setProperty("jobName", job.jobName());
        write(JOB_PREFIX + job.ordinal(), p);
    }

    void mainReturned(MainReturned returned) throws IOException {
        Properties p = new Properties();
        p.setProperty("succeeded", String.valueOf(returned.succeeded()));
        if (returned.failure() != null) {
            p.setProperty("failure", returned.failure());
        }
        write(MAIN_RETURNED, p);
    }

    Contents read() throws IOException {
        List<SubmittedJob> jobs = new ArrayList<>();
        Optional<MainReturned> returned = Optional.empty();
        FileStatus[] entries;
        try {
            entries = fs.listStatus(dir);
        } catch (FileNotFoundException e) {
            return new Contents(List.of(), Optional.empty());
        }
        for (FileStatus entry : entries) {
            String name = entry.getPath().getName();
            if (name.endsWith(TMP_SUFFIX)) {
                continue; // the writer died before the rename: the entry was never made
            }
            Properties p = load(entry.getPath());
            if (name.startsWith(JOB_PREFIX)) {
                jobs.add(new SubmittedJob(Integer.parseInt(p.getProperty("ordinal")),
                        JobId.fromHexString(p.getProperty("jobId")), p.getProperty("jobName")));
            } else if (name.equals(MAIN_RETURNED)) {
                returned = Optional.of(new MainReturned(
                        Boolean.parseBoolean(p.getProperty("succeeded")) ? null : p.getProperty("failure", "unknown")));
            }
        }
        jobs.sort(Comparator.comparingInt(SubmittedJob::ordinal));
        return new Contents(List.copyOf(jobs), returned);
    }

    private void write(String name, Properties p) throws IOException {
        StringWriter text = new StringWriter();
        p.store(text, null);
        Path target = new Path(dir, name);
        Path tmp = new Path(dir, name + TMP_SUFFIX);
        try (var out = fs.create(tmp, true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        fs.delete(target, false); // rename does not replace on HDFS; an entry is only ever rewritten with the same content
        if (!fs.rename(tmp, target)) {
            throw new IOException("cannot rename " + tmp + " to " + target);
        }
    }

    private Properties load(Path path) throws IOException {
        Properties p = new Properties();
        try (var in = fs.open(path)) {
            p.load(new java.io.InputStreamReader(new ByteArrayInputStream(in.readAllBytes()), StandardCharsets.UTF_8));
        }
        return p;
    }
}
