package io.sluice.ha;

import io.sluice.api.common.JobId;
import io.sluice.blob.BlobStore;
import io.sluice.common.JobResult;
import io.sluice.common.JobStatus;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.LeaderRetrieval;
import io.sluice.leader.StandaloneLeaderServices;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One JobManager and no failover: every component is leader at once, stores live in memory and die
 * with the process. The ResourceManager and Dispatcher use the fixed token of
 * {@link StandaloneLeaderServices}; each JobMaster gets a fresh one, so that TaskManagers can tell a
 * job's successive JobMasters apart.
 */
public final class StandaloneHighAvailabilityServices implements HighAvailabilityServices {

    private final String resourceManagerAddress;
    private final InMemoryJobGraphStore jobGraphs = new InMemoryJobGraphStore();
    private final InMemoryJobResultStore jobResults = new InMemoryJobResultStore();

    /** @param resourceManagerAddress the ResourceManager's RPC address for retrieval; may be null in the JobManager */
    public StandaloneHighAvailabilityServices(String resourceManagerAddress) {
        this.resourceManagerAddress = resourceManagerAddress;
    }

    @Override
    public boolean isHighlyAvailable() {
        return false;
    }

    @Override
    public LeaderElection leaderElection(String componentId) {
        if (componentId.equals(RESOURCE_MANAGER) || componentId.equals(DISPATCHER)) {
            return StandaloneLeaderServices.election();
        }
        return new LeaderElection() {
            @Override
            public void start(LeaderContender contender) {
                contender.grantLeadership(UUID.randomUUID());
            }

            @Override
            public void confirmLeadership(LeaderInfo leader) {}

            @Override
            public void close() {}
        };
    }

    @Override
    public LeaderRetrieval leaderRetrieval(String componentId) {
        if (!componentId.equals(RESOURCE_MANAGER) || resourceManagerAddress == null) {
            throw new UnsupportedOperationException("without high availability only the ResourceManager is found, "
                    + "through jobmanager.rpc.address and jobmanager.rpc.port");
        }
        return StandaloneLeaderServices.retrieval(resourceManagerAddress);
    }

    @Override
    public JobGraphStore jobGraphStore() {
        return jobGraphs;
    }

    @Override
    public JobResultStore jobResultStore() {
        return jobResults;
    }

    @Override
    public BlobStore blobStore() {
        return BlobStore.NONE;
    }

    @Override
    public CompletedCheckpointStore completedCheckpointStore(JobId jobId, int maxRetainedCheckpoints) {
        return new InMemoryCheckpointStore(maxRetainedCheckpoints);
    }

    @Override
    public CheckpointIdCounter checkpointIdCounter(JobId jobId) {
        return new InMemoryCheckpointIdCounter();
    }

    @Override
    public void cleanupJobData(JobId jobId) {}

    @Override
    public void close() {}

    @Override
    public void closeAndCleanupAllData() {
        jobGraphs.graphs.clear();
        jobResults.dirty.clear();
        jobResults.clean.clear();
    }

    static final class InMemoryJobGraphStore implements JobGraphStore {
        final Map<JobId, StoredJobGraph> graphs = new ConcurrentHashMap<>();

        @Override
        public void put(StoredJobGraph job) {
            graphs.put(job.jobGraph().jobId(), job);
        }

        @Override
        public Optional<StoredJobGraph> recover(JobId jobId) {
            return Optional.ofNullable(graphs.get(jobId));
        }

        @Override
        public Collection<JobId> jobIds() {
            return List.copyOf(graphs.keySet());
        }

        @Override
        public boolean remove(JobId jobId) {
            graphs.remove(jobId);
            return true;
        }

        @Override
        public void release(JobId jobId) {}
    }

    /** Dirty results in full; of clean ones only the job id (a long-lived session must not grow much). */
    static final class InMemoryJobResultStore implements JobResultStore {
        final Map<JobId, JobResult> dirty = new ConcurrentHashMap<>();
        final Set<JobId> clean = ConcurrentHashMap.newKeySet();

        @Override
        public synchronized void createDirtyResult(JobResult result) {
            if (hasJobResultEntry(result.jobId())) {
                throw new IllegalStateException("job " + result.jobId() + " already has a result");
            }
            dirty.put(result.jobId(), result);
        }

        @Override
        public synchronized void markResultClean(JobId jobId) {
            if (dirty.remove(jobId) != null) {
                clean.add(jobId);
            }
        }

        @Override
        public boolean hasJobResultEntry(JobId jobId) {
            return dirty.containsKey(jobId) || clean.contains(jobId);
        }

        @Override
        public boolean hasDirtyJobResultEntry(JobId jobId) {
            return dirty.containsKey(jobId);
        }

        @Override
        public boolean hasCleanJobResultEntry(JobId jobId) {
            return clean.contains(jobId);
        }

        @Override
        public java.util.Optional<JobResult> jobResult(JobId jobId) {
            return java.util.Optional.ofNullable(dirty.get(jobId));
        }

        @Override
        public Collection<JobResult> dirtyResults() {
            return List.copyOf(dirty.values());
        }
    }

    static final class InMemoryCheckpointStore implements CompletedCheckpointStore {
        private final int maxRetained;
        private final Deque<CompletedCheckpoint> checkpoints = new ArrayDeque<>();

        InMemoryCheckpointStore(int maxRetained) {
            if (maxRetained < 1) {
                throw new IllegalArgumentException("at least one checkpoint must be retained, not " + maxRetained);
            }
            this.maxRetained = maxRetained;
        }

        @Override
        public synchronized void addCheckpoint(CompletedCheckpoint checkpoint) {
            checkpoints.addLast(checkpoint);
            while (checkpoints.size() > maxRetained) {
                checkpoints.removeFirst();
            }
        }

        @Override
        public synchronized List<CompletedCheckpoint> recover() {
            return new ArrayList<>(checkpoints);
        }

        @Override
        public synchronized Optional<CompletedCheckpoint> latest() {
            return Optional.ofNullable(checkpoints.peekLast());
        }

        @Override
        public int maxRetained() {
            return maxRetained;
        }

        @Override
        public synchronized void shutdown(JobStatus jobStatus) {
            if (jobStatus.isGloballyTerminal()) {
                checkpoints.clear();
            }
        }
    }

    static final class InMemoryCheckpointIdCounter implements CheckpointIdCounter {
        private final AtomicLong next = new AtomicLong(1);

        @Override
        public void start() {}

        @Override
        public long getAndIncrement() {
            return next.getAndIncrement();
        }

        @Override
        public long get() {
            return next.get();
        }

        @Override
        public void setCount(long value) {
            next.set(value);
        }

        @Override
        public void shutdown(JobStatus jobStatus) {}
    }
}
