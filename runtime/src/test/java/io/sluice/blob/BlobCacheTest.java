package io.sluice.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.common.JobId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TaskManager's blob cache downloads a job's jar from a real blob server over HTTP. */
class BlobCacheTest {

    @Test
    void downloadsOnceAndChecksTheContent(@TempDir Path tmp) throws Exception {
        byte[] jar = new byte[300_000];
        new java.util.Random(7).nextBytes(jar);
        Path file = Files.write(tmp.resolve("job.jar"), jar);
        JobId job = JobId.generate();
        try (BlobServer server = new BlobServer(tmp.resolve("server"), "localhost", "localhost", 0)) {
            BlobKey key = server.put(job, file, "job.jar");
            BlobCache cache = new BlobCache(tmp.resolve("cache"));
            Path local = cache.get(server.address(), job, key);
            assertArrayEquals(jar, Files.readAllBytes(local));
            assertEquals(local, cache.get(server.address(), job, key), "the second call finds the local copy");
            try (var left = Files.list(local.getParent())) {
                assertEquals(1, left.count(), "no temporary download file left behind");
            }

            BlobKey unknown = new BlobKey("ab".repeat(32), 10, "other.jar");
            IOException e = assertThrows(IOException.class, () -> cache.get(server.address(), job, unknown));
            assertTrue(e.getMessage().contains("answered 404") && e.getMessage().contains("other.jar"), e.getMessage());
            try (var left = Files.list(local.getParent())) {
                assertEquals(1, left.count(), "a failed download leaves nothing");
            }
        }
    }

    @Test
    void aCancelledTaskStopsWaitingForAStalledDownload(@TempDir Path tmp) throws Exception {
        // a blob server that accepts the connection and never answers
        try (java.net.ServerSocket stalled = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            BlobCache cache = new BlobCache(tmp.resolve("cache"));
            java.util.concurrent.atomic.AtomicReference<Throwable> outcome = new java.util.concurrent.atomic.AtomicReference<>();
            Thread task = new Thread(() -> {
                try {
                    cache.get("127.0.0.1:" + stalled.getLocalPort(), JobId.generate(), new BlobKey("ab".repeat(32), 10, "job.jar"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            task.start();
            try (java.net.Socket accepted = stalled.accept()) {
                task.interrupt(); // what a task cancellation does
                task.join(10_000);
                assertTrue(!task.isAlive(), "the interrupted download still waits (read timeout 5 min)");
            }
            assertTrue(outcome.get() instanceof java.io.InterruptedIOException, String.valueOf(outcome.get()));
        }
    }
}
