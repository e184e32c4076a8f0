package io.sluice.yarnclient;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 of local files, remembered per path, size and modification time in a small properties
 * file, so that a submission does not read the 40 MB distribution jar again to learn what it
 * already knew (a quarter of a second of every deployment). Any change of size or time, or an
 * unreadable cache file, means the hash is computed again; the cache is never trusted beyond that.
 */
final class ContentHashCache {

    private static final Logger LOG = LoggerFactory.getLogger(ContentHashCache.class);

    private final Path cacheFile;

    ContentHashCache(Path cacheFile) {
        this.cacheFile = cacheFile;
    }

    /** The default cache of the user: {@code ~/.sluice/content-hashes.properties}. */
    static ContentHashCache forUser() {
        return new ContentHashCache(Path.of(System.getProperty("user.home"), ".sluice", "content-hashes.properties"));
    }

    String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        String stamp = Files.size(real) + ":" + Files.getLastModifiedTime(real).toMillis() + ":";
        Properties known = load();
        String entry = known.getProperty(real.toString());
        if (entry != null && entry.startsWith(stamp)) {
            return entry.substring(stamp.length());
        }
        String hash = compute(real);
        known.setProperty(real.toString(), stamp + hash);
        store(known);
        return hash;
    }

    static String compute(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // digesting
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isReadable(cacheFile)) {
            try (Reader r = Files.newBufferedReader(cacheFile)) {
                p.load(r);
            } catch (IOException | IllegalArgumentException e) {
                LOG.debug("Ignoring the unreadable hash cache {}: {}", cacheFile, e.toString());
                return new Properties();
            }
        }
        return p;
    }

    /** Written to a temporary file and moved, so a concurrent client never reads half a file. */
    private void store(Properties p) {
        Path tmp = null;
        try {
            Files.createDirectories(cacheFile.getParent());
            tmp = Files.createTempFile(cacheFile.getParent(), ".content-hashes", ".tmp");
            try (Writer w = Files.newBufferedWriter(tmp)) {
                p.store(w, "SHA-256 of local files by path (size:mtime:hash); safe to delete");
            }
            Files.move(tmp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.debug("Could not write the hash cache {}: {}", cacheFile, e.toString());
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // a leftover temporary file is harmless (hidden, never read)
            }
        }
    }
}
