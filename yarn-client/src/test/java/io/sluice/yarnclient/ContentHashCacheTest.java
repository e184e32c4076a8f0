package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashCacheTest {

    @TempDir
    Path dir;

    @Test
    void remembersTheHashUntilTheFileChanges() throws Exception {
        Path jar = Files.write(dir.resolve("dist.jar"), "first content".getBytes());
        ContentHashCache cache = new ContentHashCache(dir.resolve("cache/hashes.properties"));

        String first = cache.sha256(jar);
        assertEquals(sha256("first content"), first);
        assertTrue(Files.readString(dir.resolve("cache/hashes.properties")).contains(first));
        assertEquals(first, new ContentHashCache(dir.resolve("cache/hashes.properties")).sha256(jar));

        // same size, new content: the modification time tells the cache
        Files.write(jar, "other content".getBytes());
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        String second = cache.sha256(jar);
        assertEquals(sha256("other content"), second);
        assertNotEquals(first, second);
    }

    @Test
    void anUnreadableCacheIsIgnored() throws Exception {
        Path jar = Files.write(dir.resolve("dist.jar"), "content".getBytes());
        Path cacheFile = Files.createDirectories(dir.resolve("cache")).resolve("hashes.properties");
        Files.write(cacheFile, new byte[] {'\\', 'u', '1'}); // malformed \\u escape
        assertEquals(sha256("content"), new ContentHashCache(cacheFile).sha256(jar));
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}
