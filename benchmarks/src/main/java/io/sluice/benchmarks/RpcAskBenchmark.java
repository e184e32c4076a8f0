package io.sluice.benchmarks;

import io.sluice.rpc.EchoEndpoint;
import io.sluice.rpc.EchoProtocol;
import io.sluice.rpc.RemoteEchoProcess;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import io.sluice.rpc.RpcSystem;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Round-trip latency of one {@code ask} with a small message, one request in flight at a time.
 *
 * <ul>
 *   <li>{@link #inProcess}: the echo endpoint runs on the caller's own RPC service. Akka delivers
 *       local messages by reference, so nothing is serialized: this is the floor of the RPC layer
 *       (actor mailbox, fencing check, reply future).</li>
 *   <li>{@link #crossJvm}: the echo endpoint runs in a child JVM ({@link RemoteEchoProcess}); request
 *       and reply are Kryo-serialized and cross TCP on loopback, as between a JobManager and a
 *       TaskManager on different hosts (minus the real network).</li>
 * </ul>
 *
 * <p>SampleTime records the time of individual calls, so the output has percentiles (p0.50, p0.99).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RpcAskBenchmark {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** Caller and endpoint on one RPC service. */
    @State(Scope.Benchmark)
    public static class InProcess {
        RpcService service;
        EchoEndpoint endpoint;
        RpcRef<EchoProtocol> echo;
        final EchoProtocol.Echo message = new EchoProtocol.Echo("x");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            UUID token = UUID.randomUUID();
            service = RpcSystem.load().start(RpcServiceSettings.loopback());
            endpoint = new EchoEndpoint(service, "echo-benchmark", token);
            endpoint.start();
            echo = service.connect(endpoint.address(), token, EchoProtocol.class)
                    .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            checkReply(echo.<String>ask(message).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            if (endpoint != null) {
                endpoint.closeAsync().get(30, TimeUnit.SECONDS);
            }
            if (service != null) {
                service.closeAsync().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Caller in this JVM, endpoint in a child JVM reached over TCP on 127.0.0.1. */
    @State(Scope.Benchmark)
    public static class CrossJvm {
        RpcService service;
        RemoteEchoProcess.Handle remote;
        RpcRef<EchoProtocol> echo;
        final EchoProtocol.Echo message = new EchoProtocol.Echo("x");

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            UUID token = UUID.randomUUID();
            remote = RemoteEchoProcess.launch(token);
            service = RpcSystem.load().start(RpcServiceSettings.loopback());
            String address = service.endpointAddress("127.0.0.1", remote.port(), EchoEndpoint.NAME);
            echo = service.connect(address, token, EchoProtocol.class)
                    .get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            checkReply(echo.<String>ask(message).get(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            try {
                if (service != null) {
                    service.closeAsync().get(30, TimeUnit.SECONDS);
                }
            } finally {
                if (remote != null) {
                    remote.close();
                }
            }
        }
    }

    @Benchmark
    public String inProcess(InProcess state) throws Exception {
        return state.echo.<String>ask(state.message).get();
    }

    @Benchmark
    public String crossJvm(CrossJvm state) throws Exception {
        return state.echo.<String>ask(state.message).get();
    }

    private static void checkReply(String reply) {
        if (!"x".equals(reply)) {
            throw new IllegalStateException("echo endpoint answered '" + reply + "' instead of 'x'");
        }
    }
}
