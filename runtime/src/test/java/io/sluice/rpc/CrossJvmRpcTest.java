package io.sluice.rpc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The echo endpoint lives in a separate JVM: every message and reply crosses TCP with Kryo. */
class CrossJvmRpcTest extends RpcTest {

    static RemoteEchoProcess.Handle remote;

    @BeforeAll
    static void startRemote() throws Exception {
        remote = RemoteEchoProcess.launch(TOKEN);
    }

    @AfterAll
    static void stopRemote() throws Exception {
        remote.close();
    }

    @Override
    String echoAddress() {
        return client.endpointAddress("127.0.0.1", remote.port(), EchoEndpoint.NAME);
    }
}
