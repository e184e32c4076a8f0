package io.sluice.leader;

/** Elects one leader among contenders for a component; implementations: standalone, ZooKeeper (ha module). */
public interface LeaderElection extends AutoCloseable {

    void start(LeaderContender contender) throws Exception;

    /** Publishes the leader's address so that {@link LeaderRetrieval} finds it. */
    void confirmLeadership(LeaderInfo leader);

    @Override
    void close() throws Exception;
}
