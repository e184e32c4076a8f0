package io.sluice.rest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests handed to handlers and not yet answered, with their uploaded files: lets the server
 * wait for them on shutdown and delete uploads that nobody kept.
 */
final class LiveRequests {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRequests.class);

    private final Set<Path> uploads = ConcurrentHashMap.newKeySet();
    private int active; // guarded by this

    void begin(List<UploadedFile> files) {
        files.forEach(file -> uploads.add(file.storedPath()));
        synchronized (this) {
            active++;
        }
    }

    /** The handler is done: delete the uploads it did not move away. */
    void deleteUploads(List<UploadedFile> files) {
        for (UploadedFile file : files) {
            delete(file.storedPath());
            uploads.remove(file.storedPath());
        }
    }

    /** The answer has been written (or the connection is gone). */
    synchronized void end() {
        active--;
        notifyAll();
    }

    /** @return true if all requests were answered within the timeout */
    synchronized boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (active > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized int active() {
        return active;
    }

    /** On shutdown: uploads of requests that never completed. */
    void deleteRemaining() {
        for (Path path : uploads) {
            delete(path);
        }
        uploads.clear();
    }

    static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("Could not delete uploaded file {}: {}", path, e.toString());
        }
    }
}
