package io.sluice.taskexecutor;

import io.sluice.blob.BlobCache;
import io.sluice.blob.BlobKey;
import io.sluice.api.common.JobId;
import io.sluice.usercode.UserCodeClassLoading;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One class loader per job over the job's jars, shared by all its tasks on this TaskManager and
 * closed when the job leaves. Called from task threads (downloads block), hence synchronized.
 */
final class UserCodeClassLoaders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UserCodeClassLoaders.class);

    private final BlobCache blobCache;
    private final UserCodeClassLoading loading;
    private final Map<JobId, URLClassLoader> loaders = new HashMap<>();

    UserCodeClassLoaders(BlobCache blobCache, UserCodeClassLoading loading) {
        this.blobCache = blobCache;
        this.loading = loading;
    }

    synchronized ClassLoader get(JobId jobId, List<BlobKey> jars, String blobServerAddress) throws IOException {
        URLClassLoader loader = loaders.get(jobId);
        if (loader == null) {
            List<URL> urls = new ArrayList<>();
            for (BlobKey jar : jars) {
                urls.add(blobCache.get(blobServerAddress, jobId, jar).toUri().toURL());
            }
            loader = loading.create("job-" + jobId, urls.toArray(URL[]::new), getClass().getClassLoader());
            loaders.put(jobId, loader);
        }
        return loader;
    }

    synchronized void release(JobId jobId) {
        URLClassLoader loader = loaders.remove(jobId);
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                LOG.debug("Closing class loader of job {}: {}", jobId, e.toString());
            }
        }
        blobCache.releaseJob(jobId);
    }

    @Override
    public synchronized void close() {
        for (JobId jobId : List.copyOf(loaders.keySet())) {
            release(jobId);
        }
    }
}
