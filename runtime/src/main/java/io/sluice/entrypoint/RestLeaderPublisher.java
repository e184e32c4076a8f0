package io.sluice.entrypoint;

import io.sluice.ha.HighAvailabilityServices;
import io.sluice.leader.LeaderContender;
import io.sluice.leader.LeaderElection;
import io.sluice.leader.LeaderInfo;
import io.sluice.leader.LeaderRetrieval;
import java.util.UUID;

/**
 * With high availability: publishes this JobManager's REST URL while it leads (component
 * {@code rest_server}), and follows the URL of whoever leads, so that a standby can tell clients
 * where to go instead of only refusing them.
 */
final class RestLeaderPublisher implements LeaderContender, AutoCloseable {

    static final String COMPONENT = "rest_server";

    private final String url;
    private final LeaderElection election;
    private final LeaderRetrieval retrieval;
    private volatile String leaderUrl;

    private RestLeaderPublisher(HighAvailabilityServices ha, String url) {
        this.url = url;
        this.election = ha.leaderElection(COMPONENT);
        this.retrieval = ha.leaderRetrieval(COMPONENT);
    }

    static RestLeaderPublisher start(HighAvailabilityServices ha, String url) throws Exception {
        RestLeaderPublisher publisher = new RestLeaderPublisher(ha, url);
        publisher.retrieval.start(info -> publisher.leaderUrl = info.address());
        publisher.election.start(publisher);
        return publisher;
    }

    /** The leader's REST URL as last seen in ZooKeeper; null while none is known. */
    String leaderUrl() {
        return leaderUrl;
    }

    @Override
    public void grantLeadership(UUID token) {
        election.confirmLeadership(new LeaderInfo(url, token));
    }

    @Override
    public void revokeLeadership() {
        // the next leader overwrites the entry
    }

    @Override
    public void close() throws Exception {
        election.close();
        retrieval.close();
    }
}
