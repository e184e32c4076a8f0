package io.sluice.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.HttpMethod;
import io.sluice.checkpoint.CheckpointNotStartedException;
import io.sluice.config.Configuration;
import io.sluice.api.common.JobId;
import io.sluice.rest.RestException;
import io.sluice.rest.RestRequest;
import io.sluice.rest.RestResponse;
import io.sluice.rest.RouteMatch;
import io.sluice.rpc.FencingTokenException;
import io.sluice.rpc.RpcRef;
import io.sluice.rpc.SerializedThrowable;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The statuses of the checkpoint endpoints in the cases a running cluster rarely shows: a JobMaster
 * that does not lead yet, a checkpoint that failed or could not start. The Dispatcher is a stand-in.
 */
class CheckpointRestStatusTest {

    private static final JobId JOB = JobId.generate();

    /** Answers every message with {@code reply}. */
    private record FakeDispatcher(Function<DispatcherProtocol, CompletableFuture<Object>> reply)
            implements RpcRef<DispatcherProtocol> {
        @Override
        public String address() {
            return "fake";
        }

        @Override
        public void tell(DispatcherProtocol message) {
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> ask(DispatcherProtocol message, Duration timeout) {
            return (CompletableFuture<R>) reply.apply(message);
        }

        @Override
        public <R> CompletableFuture<R> ask(DispatcherProtocol message) {
            return ask(message, Duration.ofSeconds(1));
        }

        @Override
        public RpcRef<DispatcherProtocol> withFencingToken(UUID fencingToken) {
            return this;
        }

        @Override
        public UUID fencingToken() {
            return null;
        }
    }

    /** Calls the handler as the REST server does; returns the response or the RestException it failed with. */
    private static Object call(Function<DispatcherProtocol, CompletableFuture<Object>> dispatcher, HttpMethod method,
                               String path) throws Exception {
        JobManagerRestApi api = new JobManagerRestApi(new FakeDispatcher(dispatcher), new Configuration(), null);
        RouteMatch.Found found = (RouteMatch.Found) api.router().route(method, path);
        RestRequest request = RestRequest.builder(method, path).pathParameters(found.pathParameters()).build();
        try {
            return found.handler().handle(request).join();
        } catch (CompletionException e) {
            return e.getCause();
        } catch (RestException e) {
            return e;
        }
    }

    private static void assertRestException(Object result, int status, String messagePart) {
        assertTrue(result instanceof RestException, String.valueOf(result));
        RestException e = (RestException) result;
        assertEquals(status, e.status().code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void beforeTheJobMasterLeadsTheStatisticsAreEmptyAndTheRestIsUnavailable() throws Exception {
        Function<DispatcherProtocol, CompletableFuture<Object>> notLeading = m -> m instanceof DispatcherProtocol.TriggerCheckpoint
                ? CompletableFuture.failedFuture(new FencingTokenException("jobmaster is not leader"))
                : CompletableFuture.completedFuture(null);
        String base = "/jobs/" + JOB + "/checkpoints";

        RestResponse stats = (RestResponse) call(notLeading, HttpMethod.GET, base);
        assertEquals(200, stats.status().code());
        assertTrue(new String(stats.body().orElseThrow()).contains("\"counts\":{\"restored\":0,\"total\":0"));

        assertRestException(call(notLeading, HttpMethod.GET, base + "/config"), 503, "is not known yet");
        assertRestException(call(notLeading, HttpMethod.GET, base + "/details/3"), 404,
                "only the latest 10 checkpoints are kept (it has none yet)");
        assertRestException(call(notLeading, HttpMethod.POST, base), 503, "not leader");
    }

    @Test
    void aCheckpointThatCouldNotStartIs409AndOneThatFailedIs500WithTheReason() throws Exception {
        String base = "/jobs/" + JOB + "/checkpoints";
        Object notStarted = call(m -> CompletableFuture.failedFuture(new CompletionException(
                SerializedThrowable.of(new CheckpointNotStartedException("checkpoint not started: the job is RESTARTING")))),
                HttpMethod.POST, base);
        assertRestException(notStarted, 409, "no checkpoint of job " + JOB + " was taken: checkpoint not started: the job is RESTARTING");

        Object failed = call(m -> CompletableFuture.failedFuture(
                SerializedThrowable.of(new IllegalStateException("checkpoint 7 was declined: task Count (1/2) failed"))),
                HttpMethod.POST, base);
        assertRestException(failed, 500, "the checkpoint of job " + JOB + " failed: checkpoint 7 was declined: task Count (1/2) failed");

        Object ended = call(m -> CompletableFuture.failedFuture(new JobStateConflictException("Job already reached FINISHED")),
                HttpMethod.POST, base);
        assertRestException(ended, 409, "already reached FINISHED");

        Object done = call(m -> CompletableFuture.completedFuture(12L), HttpMethod.POST, base);
        assertEquals(202, ((RestResponse) done).status().code());
        assertEquals("{\"checkpoint-id\":12}", new String(((RestResponse) done).body().orElseThrow()));
    }
}
