package io.sluice.dispatcher;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobKey;
import io.sluice.blob.BlobServer;
import io.sluice.common.JobResult;
import io.sluice.ha.HighAvailabilityServices;
import io.sluice.ha.JobGraphStore;
import io.sluice.ha.JobResultStore;
import io.sluice.ha.StoredJobGraph;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dispatcher's blocking I/O against the high-availability stores: persisting submissions,
 * recovering jobs on a new leader, and the dirty -> cleanup -> clean sequence of finished jobs.
 * Called on the I/O executor, never on the Dispatcher's main thread.
 */
final class JobPersistence {

    private static final Logger LOG = LoggerFactory.getLogger(JobPersistence.class);

    /** What a new leader found: jobs to run again, and results of jobs that ended (cleanup finished now). */
    record Recovered(List<StoredJobGraph> jobs, List<JobResult> finished) {}

    private final HighAvailabilityServices ha;
    private final JobGraphStore jobGraphs;
    private final JobResultStore jobResults;
    private final BlobServer blobServer;

    JobPersistence(HighAvailabilityServices ha, BlobServer blobServer) {
        this.ha = ha;
        this.jobGraphs = ha.jobGraphStore();
        this.jobResults = ha.jobResultStore();
        this.blobServer = blobServer;
    }

    boolean hasResult(JobId jobId) throws Exception {
        return jobResults.hasJobResultEntry(jobId);
    }

    void persistSubmission(StoredJobGraph job) throws Exception {
        jobGraphs.put(job);
    }

    /**
     * Finishes pending cleanups first (a job with a result must never run again), then recovers every
     * other stored job. One job that cannot be recovered is logged and skipped; it does not block the
     * others.
     */
    Recovered recover() throws Exception {
        List<JobResult> finished = new ArrayList<>();
        Set<JobId> done = new HashSet<>();
        for (JobResult dirty : jobResults.dirtyResults()) {
            LOG.info("Job {} ended ({}) before the failover; finishing its cleanup", dirty.jobId(), dirty.status());
            done.add(dirty.jobId());
            finished.add(dirty);
            try {
                cleanup(dirty.jobId());
                jobResults.markResultClean(dirty.jobId());
            } catch (Exception e) {
                LOG.warn("Cleanup of job {} failed again; the next leader retries it: {}", dirty.jobId(), e.toString());
            }
        }
        List<StoredJobGraph> jobs = new ArrayList<>();
        for (JobId jobId : jobGraphs.jobIds()) {
            if (done.contains(jobId)) {
                continue;
            }
            try {
                if (jobResults.hasJobResultEntry(jobId)) {
                    LOG.info("Job {} already has a result; removing its leftover job graph instead of running it", jobId);
                    jobGraphs.remove(jobId);
                    continue;
                }
                Optional<StoredJobGraph> job = jobGraphs.recover(jobId);
                if (job.isEmpty()) {
                    continue; // removed meanwhile
                }
                for (BlobKey jar : job.get().jars()) {
                    blobServer.ensureLocal(jobId, jar);
                }
                LOG.info("Recovered job '{}' ({})", job.get().jobGraph().jobName(), jobId);
                jobs.add(job.get());
            } catch (Exception e) {
                LOG.error("Cannot recover job {}; the other jobs are recovered regardless", jobId, e);
            }
        }
        return new Recovered(jobs, finished);
    }

    /** Records the result (dirty), removes the job's HA data, then marks the result clean. */
    void jobEnded(JobResult result) {
        JobId jobId = result.jobId();
        try {
            jobResults.createDirtyResult(result);
        } catch (Exception e) {
            LOG.error("Cannot record the result of job {}; its data stays and a new leader would run it again",
                    jobId, e);
            return;
        }
        try {
            cleanup(jobId);
            jobResults.markResultClean(jobId);
            LOG.info("Cleaned up the high-availability data of job {}", jobId);
        } catch (Exception e) {
            LOG.warn("Cleanup of job {} failed; its result stays dirty and the next leader finishes it: {}",
                    jobId, e.toString());
        }
    }

    /** Leadership lost: the job's graph stays for the next leader, only this JobManager's lock goes. */
    void release(JobId jobId) {
        try {
            jobGraphs.release(jobId);
        } catch (Exception e) {
            LOG.warn("Cannot release the job graph lock of job {}: {}", jobId, e.toString());
        }
    }

    private void cleanup(JobId jobId) throws Exception {
        if (!jobGraphs.remove(jobId)) {
            throw new IllegalStateException("the job graph of job " + jobId + " is still locked by another JobManager");
        }
        ha.cleanupJobData(jobId);
        blobServer.deleteJob(jobId);
    }
}
