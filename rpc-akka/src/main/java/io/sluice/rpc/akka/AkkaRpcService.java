package io.sluice.rpc.akka;

import akka.actor.ActorSystem;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Scheduler;
import akka.actor.typed.javadsl.Adapter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sluice.rpc.EndpointControl;
import io.sluice.rpc.RpcConnectionException;
import io.sluice.rpc.RpcEndpoint;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.RpcServer;
import io.sluice.rpc.RpcService;
import io.sluice.rpc.RpcServiceSettings;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link RpcService} on an Akka actor system with Artery TCP remoting and Kryo-serialized messages. */
public final class AkkaRpcService implements RpcService {

    private static final Logger LOG = LoggerFactory.getLogger(AkkaRpcService.class);
    private static final String SYSTEM_NAME = "sluice";
    /** One for all actor systems of a JVM: Akka's reference config is parsed once per loader. */
    private static final ClassLoader AKKA_LOADER = new ActorSystemClassLoader(AkkaRpcService.class.getClassLoader());

    private final ActorSystem system;
    private final Scheduler scheduler;
    private final String host;
    private final int port;
    private final Duration askTimeout;
    private final ScheduledExecutorService timers;

    private AkkaRpcService(ActorSystem system, String host, int port, Duration askTimeout) {
        this.system = system;
        this.scheduler = Adapter.toTyped(system.scheduler());
        this.host = host;
        this.port = port;
        this.askTimeout = askTimeout;
        AtomicInteger n = new AtomicInteger();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rpc-timer-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(OwnerContext.OWNER);
            return t;
        });
    }

    /** Starts the transport. Fails with a clear message when the port cannot be bound. */
    public static AkkaRpcService start(RpcServiceSettings settings) {
        ActorSystem system;
        try {
            system = ActorSystem.create(SYSTEM_NAME, akkaConfig(settings), AKKA_LOADER);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start RPC on " + settings.bindHost() + ":" + settings.port()
                    + " (" + rootMessage(e) + "); choose a free port, or 0 for any", e);
        }
        int port = system.provider().getDefaultAddress().getPort().orElse(settings.port());
        LOG.info("RPC service listening on {}:{} (advertised as {})", settings.bindHost(), port,
                settings.advertisedHost());
        return new AkkaRpcService(system, settings.advertisedHost(), port, settings.askTimeout());
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    static Config akkaConfig(RpcServiceSettings s) {
        String text = String.join("\n",
                "akka {",
                "  loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
                "  logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
                "  loglevel = INFO",
                "  stdout-loglevel = OFF",
                "  log-dead-letters = 0",
                "  log-dead-letters-during-shutdown = off",
                "  coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                "  coordinated-shutdown.terminate-actor-system = on",
                // Akka's JFR events make every process set up the flight recorder at start (a few hundred
                // ms of a container's start on 2 cores); nothing in Sluice reads them
                "  java-flight-recorder.enabled = off",
                "  actor {",
                "    provider = remote",
                "    allow-java-serialization = off",
                "    serializers.sluice-kryo = \"" + KryoAkkaSerializer.class.getName() + "\"",
                "    serialization-bindings { \"" + RemoteMessage.class.getName() + "\" = sluice-kryo }",
                "  }",
                // remoting without Akka Cluster is the design (liveness comes from Sluice's own heartbeats)
                "  remote.warn-about-direct-use = off",
                "  remote.artery {",
                "    transport = tcp",
                "    canonical.hostname = \"" + s.advertisedHost() + "\"",
                "    canonical.port = " + s.port(),
                "    bind.hostname = \"" + s.bindHost() + "\"",
                "    bind.port = \"" + (s.port() == 0 ? "" : String.valueOf(s.port())) + "\"",
                "    advanced.maximum-frame-size = " + s.maxFrameSizeBytes() + "b",
                "    advanced.maximum-large-frame-size = " + s.maxFrameSizeBytes() + "b",
                "  }",
                "}");
        // Our settings first, then Akka's reference.conf for everything else. The same loader as the actor
        // system's: the reference config is cached per loader, and parsing it is a tenth of Akka's start.
        return ConfigFactory.parseString(text).withFallback(ConfigFactory.defaultReference(AKKA_LOADER));
    }

    @Override
    public String address() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String endpointAddress(String host, int port, String endpointName) {
        return "akka://" + SYSTEM_NAME + "@" + host + ":" + port + "/user/" + endpointName;
    }

    @Override
    public Duration askTimeout() {
        return askTimeout;
    }

    @Override
    public ScheduledExecutorService scheduledExecutor() {
        return timers;
    }

    @Override
    public <M> RpcServer startServer(RpcEndpoint<M> endpoint) {
        ActorRef<ActorMessage> actor = Adapter.spawn(system, EndpointActor.create(endpoint), endpoint.endpointName());
        String address = endpointAddress(host, port, endpoint.endpointName());
        return new RpcServer() {
            @Override
            public String address() {
                return address;
            }

            @Override
            public void tellSelf(EndpointControl control) {
                actor.tell(new ActorMessage.Control(control));
            }

            @Override
            public <T> RpcRef<T> selfRef() {
                return new AkkaRpcRef<>(actor, address, null, scheduler, askTimeout);
            }
        };
    }

    @Override
    public <M> CompletableFuture<RpcRef<M>> connect(String address, Class<M> protocol) {
        return connect(address, null, protocol);
    }

    @Override
    public <M> CompletableFuture<RpcRef<M>> connect(String address, UUID fencingToken, Class<M> protocol) {
        CompletableFuture<akka.actor.ActorRef> resolved;
        try {
            resolved = OwnerContext.completedInOwnerContext(system.actorSelection(address).resolveOne(askTimeout));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new RpcConnectionException("'" + address
                    + "' is not a valid endpoint address: " + e.getMessage(), e));
        }
        return resolved.handle((ref, failure) -> {
            if (failure != null) {
                throw new CompletionException(new RpcConnectionException("cannot reach " + address + " within "
                        + askTimeout + ": is the process running and is the address right?", failure));
            }
            ActorRef<ActorMessage> typed = Adapter.toTyped(ref);
            return new AkkaRpcRef<>(typed, address, fencingToken, scheduler, askTimeout);
        });
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        timers.shutdownNow();
        system.terminate();
        return OwnerContext.completedInOwnerContext(system.getWhenTerminated()).thenApply(t -> null);
    }
}
