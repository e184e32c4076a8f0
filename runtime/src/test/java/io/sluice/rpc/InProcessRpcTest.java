package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InProcessRpcTest extends RpcTest {

    static EchoEndpoint endpoint;

    @BeforeAll
    static void startEndpoint() {
        endpoint = new EchoEndpoint(client, "echo-local", TOKEN);
        endpoint.start();
    }

    @Override
    String echoAddress() {
        return endpoint.address();
    }

    @Test
    void leadershipChangeFencesOldToken() throws Exception {
        EchoEndpoint leader = new EchoEndpoint(client, "echo-leader", TOKEN);
        leader.start();
        RpcRef<EchoProtocol> old = client.connect(leader.address(), TOKEN, EchoProtocol.class).get(10, TimeUnit.SECONDS);
        assertEquals("a", old.<String>ask(new EchoProtocol.Echo("a")).get(10, TimeUnit.SECONDS));
        UUID next = UUID.randomUUID();
        // the unfenced message passes even with the old token; afterwards the old token is stale
        old.ask(new EchoProtocol.BecomeLeader(next)).get(10, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class, () -> old.ask(new EchoProtocol.Echo("b")).get(10, TimeUnit.SECONDS));
        assertEquals("c", old.withFencingToken(next).<String>ask(new EchoProtocol.Echo("c")).get(10, TimeUnit.SECONDS));
        leader.closeAsync().get(10, TimeUnit.SECONDS);
    }

    @Test
    void stoppedEndpointIsUnreachable() throws Exception {
        EchoEndpoint temporary = new EchoEndpoint(client, "echo-temporary", TOKEN);
        temporary.start();
        String address = temporary.address();
        temporary.closeAsync().get(10, TimeUnit.SECONDS);
        assertThrows(ExecutionException.class,
                () -> client.connect(address, EchoProtocol.class).get(10, TimeUnit.SECONDS));
    }
}
