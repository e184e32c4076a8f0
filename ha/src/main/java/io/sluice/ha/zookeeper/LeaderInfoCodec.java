package io.sluice.ha.zookeeper;

import io.sluice.leader.LeaderInfo;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A leader's entry in ZooKeeper as readable text: {@code <session id>\n<rpc address>}. */
final class LeaderInfoCodec {

    private LeaderInfoCodec() {}

    static byte[] encode(LeaderInfo info) {
        return (info.token() + "\n" + info.address()).getBytes(StandardCharsets.UTF_8);
    }

    /** Null for an empty or foreign node. */
    static LeaderInfo decode(byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        if (nl <= 0) {
            return null;
        }
        try {
            return new LeaderInfo(text.substring(nl + 1), UUID.fromString(text.substring(0, nl)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
