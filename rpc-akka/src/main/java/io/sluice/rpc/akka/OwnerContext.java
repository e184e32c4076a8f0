package io.sluice.rpc.akka;

import io.sluice.rpc.RpcService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Runs the runtime's code on Akka's threads with the runtime's class loader as the context class
 * loader. Akka gives its threads the actor system's loader, which in the distribution sees the RPC
 * component's resources first; code of the runtime (endpoints, future callbacks) that looks up
 * resources or services through the context loader, as Hadoop's Configuration and FileSystem do, must
 * find the runtime's.
 */
final class OwnerContext {

    /** The loader of the RPC API, which is the runtime's (the component loader shares that package). */
    static final ClassLoader OWNER = RpcService.class.getClassLoader();

    private OwnerContext() {}

    static <T> T call(Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == OWNER) {
            return action.get();
        }
        thread.setContextClassLoader(OWNER);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** A future completed as {@code stage} is, whose dependent actions run under the owner's loader. */
    static <T> CompletableFuture<T> completedInOwnerContext(CompletionStage<T> stage) {
        CompletableFuture<T> result = new CompletableFuture<>();
        stage.whenComplete((value, failure) -> call(() -> failure != null
                ? result.completeExceptionally(failure) : result.complete(value)));
        return result;
    }
}
