package io.sluice.leader;

import java.util.UUID;

/** Where the current leader of a component is, and its fencing token. */
public record LeaderInfo(String address, UUID token) {}
