package io.sluice.blob;

import io.sluice.api.common.JobId;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Durable copies of job jars (content-addressed by SHA-256), so that jars survive the JobManager that
 * received them. The blob server writes every jar here and, on a miss, fetches from here.
 */
public interface BlobStore {

    void put(JobId jobId, String sha256, Path localFile) throws IOException;

    /** Copies the blob to {@code target}; false when the store does not have it. */
    boolean get(JobId jobId, String sha256, Path target) throws IOException;

    void deleteJob(JobId jobId) throws IOException;

    /** Keeps nothing: used without high availability. */
    BlobStore NONE = new BlobStore() {
        @Override
        public void put(JobId jobId, String sha256, Path localFile) {}

        @Override
        public boolean get(JobId jobId, String sha256, Path target) {
            return false;
        }

        @Override
        public void deleteJob(JobId jobId) {}
    };
}
