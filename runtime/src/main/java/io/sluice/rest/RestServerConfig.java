package io.sluice.rest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of a {@link RestServer}.
 *
 * @param bindAddress host name or IP address to listen on ("0.0.0.0" for all interfaces)
 * @param port TCP port; 0 picks any free port ({@link RestServer#start()} returns the chosen one)
 * @param maxContentLength largest accepted request body in bytes (uploads included)
 * @param uploadDir where multipart uploads are stored; created if missing
 * @param workerThreads Netty I/O threads serving connections
 */
public record RestServerConfig(
        String bindAddress, int port, long maxContentLength, Path uploadDir, int workerThreads) {

    /** Configuration key users set to change {@link #maxContentLength()}; named in 413 answers. */
    public static final String MAX_CONTENT_LENGTH_KEY = "rest.server.max-content-length";
    /** Configuration key users set to change {@link #port()}; named in bind errors. */
    public static final String PORT_KEY = "rest.port";

    public static final long DEFAULT_MAX_CONTENT_LENGTH = 100L * 1024 * 1024;
    public static final int DEFAULT_WORKER_THREADS = 2;

    public RestServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(uploadDir, "uploadDir");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(PORT_KEY + " must be between 0 and 65535, got " + port);
        }
        if (maxContentLength <= 0) {
            throw new IllegalArgumentException(
                    MAX_CONTENT_LENGTH_KEY + " must be positive, got " + maxContentLength);
        }
        if (workerThreads <= 0) {
            throw new IllegalArgumentException("workerThreads must be positive, got " + workerThreads);
        }
    }

    /** Uses {@link #DEFAULT_WORKER_THREADS} I/O threads. */
    public RestServerConfig(String bindAddress, int port, long maxContentLength, Path uploadDir) {
        this(bindAddress, port, maxContentLength, uploadDir, DEFAULT_WORKER_THREADS);
    }
}
