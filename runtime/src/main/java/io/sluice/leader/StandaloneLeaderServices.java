package io.sluice.leader;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * One JobManager and no failover: the only contender is leader at once with a fixed token, and the
 * leader's address comes from configuration. Restarting the JobManager reuses the token, which is
 * harmless because nothing survives it.
 */
public final class StandaloneLeaderServices {

    public static final UUID DEFAULT_TOKEN = new UUID(0, 0);

    private StandaloneLeaderServices() {}

    public static LeaderElection election() {
        return new LeaderElection() {
            @Override
            public void start(LeaderContender contender) {
                contender.grantLeadership(DEFAULT_TOKEN);
            }

            @Override
            public void confirmLeadership(LeaderInfo leader) {}

            @Override
            public void close() {}
        };
    }

    public static LeaderRetrieval retrieval(String address) {
        return new LeaderRetrieval() {
            @Override
            public void start(Consumer<LeaderInfo> listener) {
                listener.accept(new LeaderInfo(address, DEFAULT_TOKEN));
            }

            @Override
            public void close() {}
        };
    }
}
