package io.sluice.blob;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.api.common.JobId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a job's jars on the JobManager and serves them to TaskManagers over HTTP
 * ({@code GET /blobs/<jobId>/<sha256>}). Files are named by content hash, so a URL can never name
 * anything but a stored blob, and TaskManagers verify what they download.
 */
public final class BlobServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlobServer.class);
    private static final Pattern PATH = Pattern.compile("^/blobs/([0-9a-f]{32})/([0-9a-f]{64})$");

    private final Path storageDir;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String advertisedHost;
    private final BlobStore durableStore;

    public BlobServer(Path storageDir, String bindHost, String advertisedHost, int port) throws IOException {
        this(storageDir, bindHost, advertisedHost, port, BlobStore.NONE);
    }

    /**
     * @param durableStore where every jar is also written (HA storage), and where a jar missing
     *     locally is fetched from: a new leader serves the jars its predecessor received
     */
    public BlobServer(Path storageDir, String bindHost, String advertisedHost, int port, BlobStore durableStore)
            throws IOException {
        this.storageDir = Files.createDirectories(storageDir);
        this.durableStore = durableStore;
        this.advertisedHost = advertisedHost;
        try {
            this.server = HttpServer.create(new InetSocketAddress(bindHost, port), 50);
        } catch (IOException e) {
            throw new IOException("cannot bind blob server to " + bindHost + ":" + port + ": " + e.getMessage(), e);
        }
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "blob-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/blobs/", this::serve);
        server.start();
        LOG.info("Blob server listening on {}:{}, storing under {}", bindHost, port(), storageDir);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** host:port that TaskManagers download from. */
    public String address() {
        return advertisedHost + ":" + port();
    }

    /** Copies {@code file} into the store for {@code jobId} and returns its key. */
    public BlobKey put(JobId jobId, Path file, String displayName) throws IOException {
        Path jobDir = Files.createDirectories(storageDir.resolve(jobId.toHexString()));
        Path tmp = Files.createTempFile(jobDir, "incoming", ".tmp");
        try {
            String sha;
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
            }
            long size = Files.size(tmp);
            Files.move(tmp, jobDir.resolve(sha), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            durableStore.put(jobId, sha, jobDir.resolve(sha));
            return new BlobKey(sha, size, displayName);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Makes sure the blob is in the local store, fetching it from the durable store if needed (job
     * recovery on a new leader).
     *
     * @throws IOException when neither store has it
     */
    public void ensureLocal(JobId jobId, BlobKey key) throws IOException {
        if (!fetchIfMissing(jobId, key.sha256())) {
            throw new IOException("jar " + key.name() + " (" + key.sha256() + ") of job " + jobId
                    + " is neither in the local blob store nor in the high-availability storage");
        }
    }

    private boolean fetchIfMissing(JobId jobId, String sha256) throws IOException {
        Path file = storageDir.resolve(jobId.toHexString()).resolve(sha256);
        if (Files.isRegularFile(file)) {
            return true;
        }
        Path jobDir = Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(jobDir, "fetch", ".tmp");
        try {
            if (!durableStore.get(jobId, sha256, tmp)) {
                return false;
            }
            try (InputStream in = new DigestInputStream(Files.newInputStream(tmp), sha256())) {
                in.transferTo(OutputStream.nullOutputStream());
                String actual = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
                if (!actual.equals(sha256)) {
                    throw new IOException("blob " + sha256 + " of job " + jobId + " in the durable store is corrupt");
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Fetched blob {} of job {} from the high-availability storage", sha256, jobId);
            return true;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes everything stored locally for the job (the durable copy is removed with the job's HA data). */
    public void deleteJob(JobId jobId) {
        deleteRecursively(storageDir.resolve(jobId.toHexString()));
    }

    /** Deletes a directory tree, best effort (Hadoop's FileUtil is always on our classpath). */
    static void deleteRecursively(Path dir) {
        if (Files.exists(dir) && !org.apache.hadoop.fs.FileUtil.fullyDelete(dir.toFile())) {
            LOG.warn("Could not delete all of {}", dir);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JVM without SHA-256", e);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = PATH.matcher(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod()) || !m.matches()) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Path file = storageDir.resolve(m.group(1)).resolve(m.group(2));
            if (!Files.isRegularFile(file) && !fetchQuietly(m.group(1), m.group(2))) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        }
    }

    private boolean fetchQuietly(String jobHex, String sha256) {
        try {
            return fetchIfMissing(JobId.fromHexString(jobHex), sha256);
        } catch (IOException e) {
            LOG.warn("Cannot fetch blob {} of job {} from the durable store: {}", sha256, jobHex, e.toString());
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        deleteRecursively(storageDir);
    }
}
