package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same RPC behaviour, checked in-process (no serialization) and against an endpoint in another
 * JVM (Kryo over TCP). Subclasses choose where the echo endpoint lives.
 */
abstract class RpcTest {

    static final UUID TOKEN = UUID.randomUUID();
    static RpcService client;

    @BeforeAll
    static void startClient() {
        client = RpcSystem.load().start(RpcServiceSettings.loopback().withAskTimeout(Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stopClient() throws Exception {
        client.closeAsync().get(30, TimeUnit.SECONDS);
    }

    abstract String echoAddress();

    RpcRef<EchoProtocol> echo() throws Exception {
        return client.connect(echoAddress(), TOKEN, EchoProtocol.class).get(10, TimeUnit.SECONDS);
    }

    static Throwable failureOf(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void askReturnsReply() throws Exception {
        assertEquals("hello", echo().<String>ask(new EchoProtocol.Echo("hello")).get(10, TimeUnit.SECONDS));
    }

    @Test
    void recordsAndCollectionsRoundTrip() throws Exception {
        EchoProtocol.Pair pair = echo().<EchoProtocol.Pair>ask(
                new EchoProtocol.EchoAll(List.of("a", "b"), Map.of("x", 3, "y", 1))).get(10, TimeUnit.SECONDS);
        assertEquals(new EchoProtocol.Pair("a,b", List.of(1, 3)), pair);
    }

    @Test
    void endpointFailureReachesCaller() throws Exception {
        Throwable failure = failureOf(echo().ask(new EchoProtocol.Fail("bad argument x")));
        assertTrue(SerializedThrowable.isCausedBy(failure, IllegalArgumentException.class), failure.toString());
        assertTrue(failure.getMessage().contains("bad argument x"), failure.getMessage());
    }

    @Test
    void asyncReplyDoesNotBlockEndpoint() throws Exception {
        RpcRef<EchoProtocol> ref = echo();
        CompletableFuture<String> later = ref.ask(new EchoProtocol.ReplyLater(500, "late"));
        // answered while the first request is still pending
        assertEquals("now", ref.<String>ask(new EchoProtocol.Echo("now")).get(400, TimeUnit.MILLISECONDS));
        assertEquals("late", later.get(10, TimeUnit.SECONDS));
    }

    @Test
    void missingReplyTimesOut() throws Exception {
        Throwable failure = failureOf(echo().ask(new EchoProtocol.Ignore(), Duration.ofMillis(200)));
        assertInstanceOf(RpcTimeoutException.class, failure);
        assertTrue(failure.getMessage().contains("Ignore"), failure.getMessage());
    }

    @Test
    void staleFencingTokenIsRejected() throws Exception {
        RpcRef<EchoProtocol> stale = echo().withFencingToken(UUID.randomUUID());
        Throwable failure = failureOf(stale.ask(new EchoProtocol.Echo("x")));
        assertInstanceOf(FencingTokenException.class, failure);
        RpcRef<EchoProtocol> unfenced = echo().withFencingToken(null);
        assertInstanceOf(FencingTokenException.class, failureOf(unfenced.ask(new EchoProtocol.Echo("x"))));
    }

    @Test
    void messagesAreHandledOneAtATime() throws Exception {
        RpcRef<EchoProtocol> ref = echo();
        int before = ref.<Integer>ask(new EchoProtocol.Increment()).get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Integer>> replies = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            replies.add(ref.ask(new EchoProtocol.Increment()));
        }
        List<Integer> values = new ArrayList<>();
        for (CompletableFuture<Integer> r : replies) {
            values.add(r.get(10, TimeUnit.SECONDS));
        }
        assertEquals(200, values.stream().distinct().count(), "every increment saw its own state");
        assertEquals(before + 200, values.stream().mapToInt(Integer::intValue).max().orElseThrow());
    }

    @Test
    void connectToNothingFailsClearly() {
        String nowhere = client.endpointAddress("127.0.0.1", client.port(), "no-such-endpoint");
        Throwable failure = failureOf(client.connect(nowhere, EchoProtocol.class));
        assertInstanceOf(RpcConnectionException.class, failure);
        assertTrue(failure.getMessage().contains("no-such-endpoint"), failure.getMessage());
    }
}
