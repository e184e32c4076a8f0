package io.sluice.blob;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.graph.JobId;
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

    public BlobServer(Path storageDir, String bindHost, String advertisedHost, int port) throws IOException {
        this.storageDir = Files.createDirectories(storageDir);
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
            return new BlobKey(sha, size, displayName);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes everything stored for the job. */
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
            if (!Files.isRegularFile(file)) {
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        deleteRecursively(storageDir);
    }
}
