package io.sluice.resourcemanager;

import io.sluice.common.ResourceId;
import io.sluice.protocol.ResourceManagerProtocol.WorkerInfo;
import io.sluice.resourcemanager.ResourceManagerDriver.StartedWorker;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When each TaskManager was requested, allocated, launched and registered, and how it ended: what
 * tells a slow or failing TaskManager start apart (slow scheduler, slow localization, slow JVM).
 * The request and registration times are the ResourceManager's; allocation and launch come from
 * the driver ({@link StartedWorker}). Kept for pending and live workers and the most recent ended
 * ones. Not thread-safe: used on the ResourceManager's main thread. Times are epoch millis, 0 when
 * unknown.
 */
final class WorkerHistory {

    static final int MAX_ENDED = 100;

    /** One worker, mutable while it lives. */
    private static final class Worker {
        final long request;
        ResourceId id;
        String node;
        boolean recovered;
        long requestedAt;
        long allocatedAt;
        long launchedAt;
        long recoveredAt;
        long registeredAt;
        long endedAt;
        Integer exitStatus;
        String diagnostics;

        Worker(long request) {
            this.request = request;
        }

        String state() {
            if (endedAt != 0) {
                return "ENDED";
            } else if (registeredAt != 0) {
                return "REGISTERED";
            } else if (id != null) {
                return "STARTING";
            }
            return "REQUESTED";
        }

        WorkerInfo info() {
            return new WorkerInfo(id == null ? null : id.value(), state(), node, recovered, requestedAt, allocatedAt,
                    launchedAt, recoveredAt, registeredAt, endedAt, exitStatus, diagnostics);
        }
    }

    private final Map<Long, Worker> requested = new LinkedHashMap<>();
    private final Map<ResourceId, Worker> live = new LinkedHashMap<>();
    private final Deque<Worker> ended = new ArrayDeque<>();
    private long nextRequest;

    /** A worker was requested from the driver; returns the key that {@link #launched} and {@link #requestFailed} take. */
    long requested(long now) {
        Worker w = new Worker(++nextRequest);
        w.requestedAt = now;
        requested.put(w.request, w);
        return w.request;
    }

    void launched(long request, StartedWorker started) {
        Worker w = requested.remove(request);
        if (w == null) {
            w = new Worker(0);
        }
        w.id = started.id();
        w.node = started.node();
        w.allocatedAt = started.allocatedAtMillis();
        w.launchedAt = started.launchedAtMillis();
        live.put(w.id, w);
    }

    void requestFailed(long request, String cause, long now) {
        Worker w = requested.remove(request);
        if (w != null) {
            end(w, null, cause, now);
        }
    }

    /** A worker of a previous attempt that the driver adopted. */
    void recovered(StartedWorker started, long now) {
        Worker w = new Worker(0);
        w.id = started.id();
        w.node = started.node();
        w.recovered = true;
        w.allocatedAt = started.allocatedAtMillis();
        w.launchedAt = started.launchedAtMillis();
        w.recoveredAt = now;
        live.put(w.id, w);
    }

    /**
     * A TaskManager registered. Returns the line to log on its first registration when the
     * ResourceManager started or adopted it; empty otherwise (re-registration, started by hand).
     */
    Optional<String> registered(ResourceId id, String host, long now) {
        Worker w = live.get(id);
        if (w == null) {
            // started by hand (standalone): known from its registration on
            w = new Worker(0);
            w.id = id;
            w.node = host;
            w.registeredAt = now;
            live.put(id, w);
            return Optional.empty();
        }
        if (w.registeredAt != 0) {
            return Optional.empty();
        }
        w.registeredAt = now;
        String name = "TaskManager " + id + " on node " + w.node;
        if (w.recovered) {
            return Optional.of(name + " (kept from the previous attempt): adopted -> registered "
                    + seconds(w.recoveredAt, now));
        }
        return Optional.of(name + ": requested -> allocated " + seconds(w.requestedAt, w.allocatedAt)
                + ", -> launched " + seconds(w.requestedAt, w.launchedAt) + ", -> registered " + seconds(w.requestedAt, now));
    }

    /** The worker ended; the first report wins except that a later one may add the exit status. */
    void ended(ResourceId id, Integer exitStatus, String diagnostics, long now) {
        Worker w = live.remove(id);
        if (w != null) {
            end(w, exitStatus, diagnostics, now);
            return;
        }
        for (Worker e : ended) {
            if (id.equals(e.id) && e.exitStatus == null && exitStatus != null) {
                e.exitStatus = exitStatus;
                e.diagnostics = e.diagnostics + "; " + diagnostics;
            }
        }
    }

    private void end(Worker w, Integer exitStatus, String diagnostics, long now) {
        w.endedAt = now;
        w.exitStatus = exitStatus;
        w.diagnostics = diagnostics;
        ended.addLast(w);
        while (ended.size() > MAX_ENDED) {
            ended.removeFirst();
        }
    }

    Optional<WorkerInfo> of(ResourceId id) {
        return Optional.ofNullable(live.get(id)).map(Worker::info);
    }

    /** Pending requests, then live workers, then the most recently ended ones (oldest first). */
    List<WorkerInfo> snapshot() {
        List<WorkerInfo> all = new ArrayList<>();
        requested.values().forEach(w -> all.add(w.info()));
        live.values().forEach(w -> all.add(w.info()));
        ended.forEach(w -> all.add(w.info()));
        return all;
    }

    private static String seconds(long from, long to) {
        if (from == 0 || to == 0) {
            return "? s";
        }
        return String.format(java.util.Locale.ROOT, "%.2f s", (to - from) / 1000.0);
    }
}
