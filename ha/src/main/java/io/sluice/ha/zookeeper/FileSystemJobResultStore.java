package io.sluice.ha.zookeeper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.common.JobId;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.ha.JobResultStore;
import io.sluice.rpc.SerializedThrowable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job results as small JSON files on the HA storage: {@code job-results/<jobId>_DIRTY.json} while the
 * job's cleanup is pending, renamed to {@code <jobId>.json} when it is done. The rename is atomic
 * on HDFS, so an entry is always exactly one of the two. Clean entries stay until the cluster's data
 * is deleted: they are what keeps a recovered leader from running a finished job again.
 */
final class FileSystemJobResultStore implements JobResultStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemJobResultStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIRTY_SUFFIX = "_DIRTY.json";
    private static final String CLEAN_SUFFIX = ".json";

    private final HaStorage storage;
    private final Path dir;

    FileSystemJobResultStore(HaStorage storage) {
        this.storage = storage;
        this.dir = storage.resolve("job-results");
    }

    private Path dirty(JobId jobId) {
        return new Path(dir, jobId.toHexString() + DIRTY_SUFFIX);
    }

    private Path clean(JobId jobId) {
        return new Path(dir, jobId.toHexString() + CLEAN_SUFFIX);
    }

    @Override
    public void createDirtyResult(JobResult result) throws Exception {
        if (hasJobResultEntry(result.jobId())) {
            throw new IllegalStateException("job " + result.jobId() + " already has a result entry");
        }
        storage.write(dirty(result.jobId()), JSON.writeValueAsBytes(toJson(result)));
    }

    @Override
    public void markResultClean(JobId jobId) throws Exception {
        if (storage.exists(clean(jobId))) {
            return;
        }
        if (!storage.fs().rename(dirty(jobId), clean(jobId))) {
            throw new IOException("cannot mark the result of job " + jobId + " clean: rename of " + dirty(jobId)
                    + " failed (does it exist?)");
        }
    }

    @Override
    public boolean hasJobResultEntry(JobId jobId) throws Exception {
        return hasDirtyJobResultEntry(jobId) || hasCleanJobResultEntry(jobId);
    }

    @Override
    public boolean hasDirtyJobResultEntry(JobId jobId) throws Exception {
        return storage.exists(dirty(jobId));
    }

    @Override
    public boolean hasCleanJobResultEntry(JobId jobId) throws Exception {
        return storage.exists(clean(jobId));
    }

    @Override
    public Optional<JobResult> jobResult(JobId jobId) throws Exception {
        // clean first: markResultClean renames dirty -> clean, so a miss on clean then dirty could skip a moving entry
        for (Path p : List.of(clean(jobId), dirty(jobId), clean(jobId))) {
            if (storage.exists(p)) {
                try {
                    return Optional.of(fromJson(JSON.readTree(storage.read(p))));
                } catch (java.io.FileNotFoundException e) {
                    // renamed between exists and read: the next path has it
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Collection<JobResult> dirtyResults() throws Exception {
        List<JobResult> results = new ArrayList<>();
        if (!storage.exists(dir)) {
            return results;
        }
        for (FileStatus status : storage.fs().listStatus(dir)) {
            if (status.getPath().getName().endsWith(DIRTY_SUFFIX)) {
                try {
                    results.add(fromJson(JSON.readTree(storage.read(status.getPath()))));
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Unreadable job result {} is skipped: {}", status.getPath(), e.toString());
                }
            }
        }
        return results;
    }

    static ObjectNode toJson(JobResult r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", 1);
        node.put("jobId", r.jobId().toHexString());
        node.put("jobName", r.jobName());
        node.put("status", r.status().name());
        node.put("startTime", r.startTime());
        node.put("endTime", r.endTime());
        node.put("restarts", r.restarts());
        if (r.failureCause() != null) {
            ObjectNode failure = node.putObject("failure");
            failure.put("class", r.failureCause().originalClassName());
            failure.put("message", r.failureCause().getMessage());
            failure.put("stackTrace", r.failureCause().originalStackTrace());
        }
        return node;
    }

    static JobResult fromJson(JsonNode node) {
        JsonNode f = node.get("failure");
        SerializedThrowable failure = f == null || f.isNull() ? null : new SerializedThrowable(
                f.path("class").asText(), f.path("message").isNull() ? null : f.path("message").asText(),
                f.path("stackTrace").asText(), null);
        return new JobResult(JobId.fromHexString(node.path("jobId").asText()), node.path("jobName").asText(),
                JobStatus.valueOf(node.path("status").asText()), node.path("startTime").asLong(),
                node.path("endTime").asLong(), node.path("restarts").asInt(), failure);
    }
}
