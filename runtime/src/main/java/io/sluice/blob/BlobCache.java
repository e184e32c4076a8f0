package io.sluice.blob;

import io.sluice.graph.JobId;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.util.HexFormat;

/**
 * A TaskManager's local copies of job jars, downloaded from the JobManager's {@link BlobServer} and
 * checked against their content hash. Thread-safe; concurrent downloads of one blob are harmless
 * (each writes its own temp file and renames atomically).
 */
public final class BlobCache implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 300_000;

    private final Path dir;

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
        // HttpURLConnection, not java.net.http.HttpClient: building the latter sets up TLS (security providers,
        // the trust store) whether or not it is used, which was 0.2-0.45 s of every TaskManager's start;
        // blobs come over plain HTTP.
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        try {
            connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
            connection.setReadTimeout(READ_TIMEOUT_MS);
            int status = connection.getResponseCode();
            if (status != 200) {
                throw new IOException("blob server at " + blobServerAddress + " answered " + status
                        + " for " + key.name() + " of job " + jobId);
            }
            String sha;
            try (DigestInputStream in = new DigestInputStream(connection.getInputStream(), BlobServer.sha256())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                sha = HexFormat.of().formatHex(in.getMessageDigest().digest());
            }
            if (!sha.equals(key.sha256())) {
                throw new IOException("download of " + key.name() + " from " + uri + " is corrupt (hash mismatch)");
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            connection.disconnect();
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
