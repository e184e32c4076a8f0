package io.sluice.heartbeat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Tracks when each peer was last heard from and tells which have been silent for longer than the
 * timeout. Not thread-safe: owned by one endpoint and used on its main thread, which also sends the
 * periodic heartbeat requests (see {@link HeartbeatSettings}).
 */
public final class HeartbeatMonitor<K> {

    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private final Map<K, Long> lastHeard = new HashMap<>();

    public HeartbeatMonitor(Duration timeout) {
        this(timeout, System::nanoTime);
    }

    HeartbeatMonitor(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Starts watching {@code peer}; it counts as just heard from. */
    public void monitor(K peer) {
        lastHeard.put(peer, nanoClock.getAsLong());
    }

    public void unmonitor(K peer) {
        lastHeard.remove(peer);
    }

    /** Records a heartbeat; ignored for peers not monitored (e.g. already declared dead). */
    public void reportHeartbeat(K peer) {
        lastHeard.computeIfPresent(peer, (k, v) -> nanoClock.getAsLong());
    }

    public boolean isMonitored(K peer) {
        return lastHeard.containsKey(peer);
    }

    public Set<K> peers() {
        return Set.copyOf(lastHeard.keySet());
    }

    /** Milliseconds since {@code peer} was last heard from, or -1 if it is not monitored. */
    public long millisSinceLastHeartbeat(K peer) {
        Long t = lastHeard.get(peer);
        return t == null ? -1 : (nanoClock.getAsLong() - t) / 1_000_000;
    }

    /** Removes and returns the peers silent for longer than the timeout. */
    public List<K> removeExpired() {
        long now = nanoClock.getAsLong();
        List<K> expired = new ArrayList<>();
        lastHeard.entrySet().removeIf(e -> {
            if (now - e.getValue() > timeoutNanos) {
                expired.add(e.getKey());
                return true;
            }
            return false;
        });
        return expired;
    }
}
