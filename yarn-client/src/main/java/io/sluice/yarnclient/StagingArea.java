package io.sluice.yarnclient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.yarn.api.records.LocalResource;
import org.apache.hadoop.yarn.api.records.LocalResourceVisibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's files on the cluster's file system: {@code <home>/.sluice/<appId>/} for this
 * application, and {@code <home>/.sluice/cache/<sha-256>/sluice-dist.jar} shared by all of them.
 */
public final class StagingArea {

    private static final Logger LOG = LoggerFactory.getLogger(StagingArea.class);
    private static final FsPermission DIR_PUBLIC = new FsPermission((short) 0755);
    private static final FsPermission FILE_PUBLIC = new FsPermission((short) 0644);
    private static final FsPermission DIR_PRIVATE = new FsPermission((short) 0700);
    private static final FsPermission FILE_OWNER_READ = new FsPermission((short) 0400);

    private final FileSystem fs;
    private final Path dir;
    /** Written by the parallel uploads of {@link #inParallel}. */
    private final Map<String, LocalResource> resources = Collections.synchronizedMap(new LinkedHashMap<>());

    public StagingArea(FileSystem fs, String applicationId) {
        this.fs = fs;
        this.dir = fs.makeQualified(new Path(fs.getHomeDirectory(), ".sluice/" + applicationId));
    }

    public static Path root(FileSystem fs) {
        return fs.makeQualified(new Path(fs.getHomeDirectory(), ".sluice"));
    }

    public Path dir() {
        return dir;
    }

    /** Files registered so far, by their name in the container's working directory. */
    public Map<String, LocalResource> resources() {
        synchronized (resources) {
            return new LinkedHashMap<>(resources);
        }
    }

    /** An upload or write into the staging dir. */
    @FunctionalInterface
    public interface Upload {
        void run() throws IOException;
    }

    /**
     * Runs a submission's uploads at the same time. Each small file costs several NameNode round trips
     * and a write pipeline through (on a real cluster) three DataNodes, so one after another their
     * latencies add up; on a one-machine sandbox, where the client's CPU is the limit, it gains little.
     * Fails with the first upload's failure once all have ended, so nothing is still writing when the
     * caller deletes the staging dir.
     */
    public void inParallel(List<Upload> uploads) throws IOException {
        if (uploads.size() <= 1) {
            for (Upload u : uploads) {
                u.run();
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(uploads.size(), 4), r -> {
            Thread t = new Thread(r, "staging-upload");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Upload u : uploads) {
                running.add(pool.submit(() -> {
                    u.run();
                    return null;
                }));
            }
            IOException failure = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    IOException cause = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while uploading to " + dir, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Uploads a local file into the staging dir as {@code name}. */
    public Path upload(java.nio.file.Path local, String name) throws IOException {
        Path target = new Path(dir, name);
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
        resources.put(name, AppMasterContract.resource(fs, target, LocalResourceVisibility.APPLICATION));
        return target;
    }

    /**
     * Uploads a secret (the Kerberos keytab) readable by its owner only (0400), in a staging dir only
     * its owner can enter (0700). NodeManagers localize APPLICATION resources as the application's
     * user, so this is all they need.
     */
    public Path uploadOwnerOnly(java.nio.file.Path local, String name) throws IOException {
        fs.mkdirs(dir, DIR_PRIVATE);
        fs.setPermission(dir, DIR_PRIVATE);
        Path target = new Path(dir, name);
        fs.copyFromLocalFile(false, true, new Path(local.toUri()), target);
        fs.setPermission(target, FILE_OWNER_READ);
        resources.put(name, AppMasterContract.resource(fs, target, LocalResourceVisibility.APPLICATION));
        return target;
    }

    /** Writes bytes into the staging dir as {@code name}. */
    public Path write(String name, byte[] content) throws IOException {
        Path target = new Path(dir, name);
        try (var out = fs.create(target, true)) {
            out.write(content);
        }
        resources.put(name, AppMasterContract.resource(fs, target, LocalResourceVisibility.APPLICATION));
        return target;
    }

    /**
     * The distribution jar: from the content-addressed cache, uploaded only if this content is not
     * there yet (written under a temporary name, then renamed, so a concurrent or interrupted upload
     * never leaves a partial jar in the cache). Made world-readable so NodeManagers can keep it in
     * their public cache, which spares every later container the download too.
     */
    public DistJar cachedDistJar(java.nio.file.Path localJar) throws IOException {
        String hash = ContentHashCache.forUser().sha256(localJar);
        Path cacheDir = new Path(root(fs), "cache/" + hash);
        Path target = new Path(cacheDir, AppMasterContract.DIST_JAR_NAME);
        boolean uploaded = false;
        if (!fs.exists(target)) {
            fs.mkdirs(cacheDir, DIR_PUBLIC);
            Path tmp = new Path(cacheDir, "." + AppMasterContract.DIST_JAR_NAME + "." + System.nanoTime() + ".tmp");
            fs.copyFromLocalFile(false, true, new Path(localJar.toUri()), tmp);
            fs.setPermission(tmp, FILE_PUBLIC);
            if (!fs.rename(tmp, target)) {
                fs.delete(tmp, false); // someone else put it there meanwhile: theirs is the same content
            }
            uploaded = true;
        }
        // .sluice, .sluice/cache and the hash dir must be traversable by all (the home dir is the admin's call).
        for (Path p : new Path[] {root(fs), cacheDir.getParent(), cacheDir}) {
            fs.setPermission(p, DIR_PUBLIC);
        }
        return register(target, uploaded);
    }

    /** The distribution jar from yarn.provided.lib.dirs: nothing is uploaded. */
    public DistJar providedDistJar(String libDir) throws IOException {
        Path target = fs.makeQualified(new Path(new Path(libDir), AppMasterContract.DIST_JAR_NAME));
        if (!target.getFileSystem(fs.getConf()).exists(target)) {
            throw new IllegalArgumentException("yarn.provided.lib.dirs = " + libDir + " holds no "
                    + AppMasterContract.DIST_JAR_NAME + ": upload lib/" + AppMasterContract.DIST_JAR_NAME + " there first");
        }
        return register(target, false);
    }

    private DistJar register(Path target, boolean uploaded) throws IOException {
        FileSystem targetFs = target.getFileSystem(fs.getConf());
        LocalResourceVisibility visibility = isPublic(targetFs, target)
                ? LocalResourceVisibility.PUBLIC : LocalResourceVisibility.APPLICATION;
        if (visibility != LocalResourceVisibility.PUBLIC) {
            LOG.info("{} is not world-readable: NodeManagers localize it per application", target);
        }
        resources.put(AppMasterContract.DIST_JAR_NAME, AppMasterContract.resource(targetFs, target, visibility));
        return new DistJar(target, visibility, uploaded);
    }

    /** What NodeManagers require of a PUBLIC resource: readable by all, every parent directory traversable by all. */
    static boolean isPublic(FileSystem fs, Path file) throws IOException {
        FileStatus status = fs.getFileStatus(file);
        if (!status.getPermission().getOtherAction().implies(FsAction.READ)) {
            return false;
        }
        for (Path p = file.getParent(); p != null; p = p.getParent()) {
            if (!fs.getFileStatus(p).getPermission().getOtherAction().implies(FsAction.EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    /** Removes the staging dir; true when it is gone. */
    public boolean delete() {
        try {
            return !fs.exists(dir) || fs.delete(dir, true);
        } catch (IOException e) {
            LOG.warn("Could not delete the staging dir {}: {}", dir, e.toString());
            return false;
        }
    }

    /** @param uploaded whether this submission had to upload it (false: reused from the cache or provided) */
    public record DistJar(Path path, LocalResourceVisibility visibility, boolean uploaded) {}
}
