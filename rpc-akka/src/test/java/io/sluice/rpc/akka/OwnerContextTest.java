package io.sluice.rpc.akka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.rpc.RpcEndpoint;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runtime code on Akka's threads runs with the runtime's class loader as the context class loader (Akka
 * gives its threads the actor system's): in endpoint handlers and in callbacks of RPC futures.
 */
class OwnerContextTest {

    /** The probe's protocol: answers which context class loader its handler ran with, now or after a delay. */
    sealed interface Probe permits Probe.Now, Probe.Later {
        record Now() implements Probe {}

        record Later(long millis) implements Probe {}
    }

    static final class ProbeEndpoint extends RpcEndpoint<Probe> {
        ProbeEndpoint(RpcService service) {
            super(service, "probe", Probe.class);
        }

        @Override
        protected Object handle(Probe message) {
            if (message instanceof Probe.Later later) {
                return CompletableFuture.supplyAsync(() -> "later",
                        CompletableFuture.delayedExecutor(later.millis(), TimeUnit.MILLISECONDS));
            }
            return contextLoader();
        }
    }

    static String contextLoader() {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        return tccl == RpcService.class.getClassLoader() ? "runtime's" : String.valueOf(tccl);
    }

    RpcService service;
    RpcRef<Probe> probe;

    @BeforeEach
    void start() throws Exception {
        service = AkkaRpcService.start(RpcServiceSettings.loopback());
        ProbeEndpoint endpoint = new ProbeEndpoint(service);
        endpoint.start();
        probe = service.connect(endpoint.address(), Probe.class).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        service.closeAsync().get(10, TimeUnit.SECONDS);
    }

    @Test
    void endpointHandlersRunWithTheRuntimesLoader() throws Exception {
        assertEquals("runtime's", probe.<String>ask(new Probe.Now()).get(10, TimeUnit.SECONDS));
    }

    @Test
    void callbacksOfAnAnswerCompletedOnAnAkkaThreadRunWithTheRuntimesLoader() throws Exception {
        // attached long before the answer, the callback runs on the thread that completes the future
        String seen = probe.<String>ask(new Probe.Later(300)).thenApply(answer -> contextLoader())
                .get(10, TimeUnit.SECONDS);
        assertEquals("runtime's", seen);
    }
}
