package io.sluice.blob;

import io.sluice.graph.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A TaskManager's local copies of job jars, downloaded from the JobManager's {@link BlobServer} and
 * checked against their content hash. Thread-safe; concurrent downloads of one blob are harmless
 * (each writes its own temp file and renames atomically).
 */
public final class BlobCache implements AutoCloseable {

    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public BlobCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** The local file of {@code key}, downloading it first if needed. */
    public Path get(String blobServerAddress, JobId jobId, BlobKey key) throws IOException {
        Path jobDir = Files.createDirectories(dir.resolve(jobId.toHexString()));
        Path target = jobDir.resolve(key.sha256() + ".jar");
        if (Files.isRegularFile(target) && Files.size(target) == key.size()) {
            return target;
        }
        URI uri = URI.create("http://" + blobServerAddress + "/blobs/" + jobId.toHexString() + "/" + key.sha256());
        Path tmp = Files.createTempFile(jobDir, "download", ".tmp");
        try {
            HttpResponse<InputStream> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("blob server at " + blobServerAddress + " answered " + response.statusCode()
                        + " for " + key.name() + " of job " + jobId);
            }
            String sha;
            try (DigestInputStream in = new DigestInputStream(response.body(), BlobServer.sha256())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                sha = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (!sha.equals(key.sha256())) {
                throw new IOException("download of " + key.name() + " from " + uri + " is corrupt (hash mismatch)");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + key.name(), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public void releaseJob(JobId jobId) {
        BlobServer.deleteRecursively(dir.resolve(jobId.toHexString()));
    }

    @Override
    public void close() {
        BlobServer.deleteRecursively(dir);
    }
}
