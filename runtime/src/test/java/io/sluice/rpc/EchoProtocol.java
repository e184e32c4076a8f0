package io.sluice.rpc;

import java.util.List;
import java.util.Map;

/** Test protocol: covers values, collections, failures, async replies and fencing. */
public sealed interface EchoProtocol {

    record Echo(String text) implements EchoProtocol {}

    record EchoAll(List<String> texts, Map<String, Integer> counts) implements EchoProtocol {}

    record Fail(String message) implements EchoProtocol {}

    /** Replies after {@code millis} from another thread, without blocking the endpoint. */
    record ReplyLater(long millis, String text) implements EchoProtocol {}

    /** Never replies: for timeouts. */
    record Ignore() implements EchoProtocol {}

    /** Counts in endpoint state; the reply is the new count. */
    record Increment() implements EchoProtocol {}

    record BecomeLeader(java.util.UUID token) implements EchoProtocol, UnfencedMessage {}

    record Pair(String text, List<Integer> numbers) {}
}
