package io.sluice.leader;

import java.util.UUID;

/** A component that can become leader (ResourceManager, Dispatcher, JobMaster). */
public interface LeaderContender {

    /** Called when this contender became leader; {@code token} fences its messages. */
    void grantLeadership(UUID token);

    /** Called when leadership is lost; the contender must stop acting as leader at once. */
    void revokeLeadership();
}
