package io.sluice.blob;

import io.sluice.api.common.JobId;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A TaskManager's local copies of job jars, downloaded from the JobManager's {@link BlobServer} and
 * checked against their content hash. Thread-safe; concurrent downloads of one blob are harmless
 * (each writes its own temp file and renames atomically).
 */
public final class BlobCache implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 300_000;
    /** Downloads run here, so that the task thread waiting for one can be interrupted (task cancellation). */
    private static final ExecutorService DOWNLOADS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "blob-download");
        t.setDaemon(true);
        return t;
    });

    private final Path dir;

    public BlobCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /**
     * The local file of {@code key}, downloading it first if needed. An interrupt of the calling thread
     * (a task being cancelled) ends the wait at once with an {@link InterruptedIOException} and closes
     * the connection.
     */
    public Path get(String blobServerAddress, JobId jobId, BlobKey key) throws IOException {
        Path jobDir = Files.createDirectories(dir.resolve(jobId.toHexString()));
        Path target = jobDir.resolve(key.sha256() + ".jar");
        if (Files.isRegularFile(target) && Files.size(target) == key.size()) {
            return target;
        }
        URI uri = URI.create("http://" + blobServerAddress + "/blobs/" + jobId.toHexString() + "/" + key.sha256());
        // HttpURLConnection, not java.net.http.HttpClient: building the latter sets up TLS (security providers,
        // the trust store) whether or not it is used, which was 0.2-0.45 s of every TaskManager's start;
        // blobs come over plain HTTP. Its reads ignore interrupts, hence the download thread.
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(READ_TIMEOUT_MS);
        Future<Path> download = DOWNLOADS.submit(() -> download(connection, blobServerAddress, jobId, key, jobDir, target));
        try {
            return download.get();
        } catch (InterruptedException e) {
            connection.disconnect(); // closes the socket: the download thread's read fails
            download.cancel(true);
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while downloading " + key.name());
            interrupted.initCause(e);
            throw interrupted;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("download of " + key.name() + " from " + uri + " failed", e.getCause());
        }
    }

    private static Path download(HttpURLConnection connection, String blobServerAddress, JobId jobId, BlobKey key,
                                 Path jobDir, Path target) throws IOException {
        Path tmp = Files.createTempFile(jobDir, "download", ".tmp");
        try {
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
                throw new IOException("download of " + key.name() + " from " + connection.getURL()
                        + " is corrupt (hash mismatch)");
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
