package io.sluice.dispatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Jars uploaded through {@code POST /jars/upload}, kept under server-made names
 * ({@code <uuid>_<name>}) in the upload directory; the client's file name is only a label.
 */
public final class JarStore {

    public record StoredJar(String id, String name, long uploaded) {}

    private final Path dir;
    private final Map<String, StoredJar> jars = new ConcurrentHashMap<>();

    public JarStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    public String store(Path uploaded, String originalName) throws IOException {
        String id = UUID.randomUUID() + "_" + originalName.replaceAll("[^A-Za-z0-9._-]", "_");
        Files.move(uploaded, dir.resolve(id), StandardCopyOption.REPLACE_EXISTING);
        jars.put(id, new StoredJar(id, originalName, System.currentTimeMillis()));
        return id;
    }

    public List<StoredJar> list() {
        return new ArrayList<>(jars.values());
    }
}
