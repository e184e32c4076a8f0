package io.sluice.ha.zookeeper;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.fs.Path;

/**
 * Job jars on the HA storage, {@code blobs/<jobId>/<sha256>}: written once under a temporary name and
 * renamed, so a reader never sees a partial jar; the blob server checks the hash when it fetches.
 */
final class FileSystemBlobStore implements BlobStore {

    private final HaStorage storage;

    FileSystemBlobStore(HaStorage storage) {
        this.storage = storage;
    }

    Path jobDir(JobId jobId) {
        return storage.resolve("blobs/" + jobId.toHexString());
    }

    @Override
    public void put(JobId jobId, String sha256, java.nio.file.Path localFile) throws IOException {
        Path target = new Path(jobDir(jobId), sha256);
        if (storage.exists(target)) {
            return; // content-addressed: same name, same bytes
        }
        Path tmp = new Path(jobDir(jobId), "." + sha256 + "." + UUID.randomUUID() + ".tmp");
        try (OutputStream out = storage.fs().create(tmp, false)) {
            Files.copy(localFile, out);
        }
        if (!storage.fs().rename(tmp, target)) {
            storage.delete(tmp);
            if (!storage.exists(target)) {
                throw new IOException("cannot store blob " + sha256 + " of job " + jobId + " at " + target);
            }
        }
    }

    @Override
    public boolean get(JobId jobId, String sha256, java.nio.file.Path target) throws IOException {
        try (InputStream in = storage.fs().open(new Path(jobDir(jobId), sha256))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    @Override
    public void deleteJob(JobId jobId) throws IOException {
        storage.delete(jobDir(jobId));
    }
}
