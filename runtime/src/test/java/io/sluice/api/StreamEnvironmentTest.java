package io.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.graph.JobGraph;
import io.sluice.streaming.InProcessPipelineExecutor;
import io.sluice.streaming.OperatorException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamEnvironmentTest {

    @TempDir
    Path tmp;

    @AfterEach
    void resetContext() {
        StreamEnvironment.resetContext();
    }

    @Test
    void contextEnvironmentSubmitsToTheInstalledExecutor() throws Exception {
        InProcessPipelineExecutor executor = new InProcessPipelineExecutor();
        StreamEnvironment.initializeContext(executor, 3);

        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.setJobConfiguration("restart-strategy.type", "none");
        env.fromSequence(1, 1_000).map(x -> x * 2).name("Double").writeAsText(tmp.resolve("out").toString());
        JobExecutionResult result = env.execute("context job");

        assertEquals(3, env.getParallelism());
        assertEquals("context job", result.jobName());
        assertNotNull(result.netRuntime());
        JobGraph submitted = executor.submitted().get(0);
        assertEquals(result.jobId(), submitted.jobId());
        assertEquals(Map.of("restart-strategy.type", "none"), submitted.jobConfiguration());
        assertEquals(3, submitted.vertices().get(0).parallelism());
        long lines = 0;
        for (int i = 0; i < 3; i++) {
            lines += Files.readAllLines(tmp.resolve("out").resolve("part-" + i)).size();
        }
        assertEquals(1_000, lines);
    }

    @Test
    void failingJobThrowsWithTheUserExceptionAsCause() {
        StreamEnvironment.initializeContext(new InProcessPipelineExecutor(), 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 100).map(x -> 10 / (x - 42)).name("Divide").discard();

        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("failing job"));

        assertTrue(e.getMessage().startsWith("job 'failing job' (" + e.jobId() + ") failed: "), e.getMessage());
        assertInstanceOf(OperatorException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("operator 'Divide'"), e.getCause().getMessage());
        assertInstanceOf(ArithmeticException.class, e.getCause().getCause());
    }

    @Test
    void executeAsyncReturnsAClientThatCanCancel() throws Exception {
        StreamEnvironment.initializeContext(new InProcessPipelineExecutor(), 2);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE - 1, 100).writeAsText(tmp.resolve("out").toString());

        JobClient client = env.executeAsync("endless");
        Thread.sleep(200);
        client.cancel().get(5, TimeUnit.SECONDS);

        assertThrows(CancellationException.class, () -> client.result().get(5, TimeUnit.SECONDS));
        try (var files = Files.list(tmp.resolve("out"))) {
            assertEquals(0, files.count(), "a cancelled job leaves no files");
        }
    }

    @Test
    void sinksBelongToOneExecution() throws Exception {
        StreamEnvironment.initializeContext(new InProcessPipelineExecutor(), 1);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).discard();
        env.execute("first");

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("second"));
        assertTrue(e.getMessage().contains("has no sink"), e.getMessage());
    }

    @Test
    void submissionFailureIsReportedWithTheJobName() {
        StreamEnvironment.initializeContext(graph -> {
            throw new IllegalStateException("cluster unreachable");
        }, 1);
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        env.fromSequence(1, 10).discard();

        JobExecutionException e = assertThrows(JobExecutionException.class, () -> env.execute("unlucky"));

        assertTrue(e.getMessage().startsWith("could not submit job 'unlucky'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("cluster unreachable"), e.getMessage());
    }

    @Test
    void withoutContextAndWithoutLocalExecutorExecuteExplains() throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment();
        assertEquals(Runtime.getRuntime().availableProcessors(), env.getParallelism());
        env.fromSequence(1, 10).discard();

        // a context class loader that sees no service registrations hides any local executor
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader empty = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(empty);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.execute("local"));
            assertTrue(e.getMessage().startsWith("no local executor on the classpath"), e.getMessage());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Test
    void contextCanBeReset() {
        StreamEnvironment.initializeContext(new InProcessPipelineExecutor(), 7);
        assertEquals(7, StreamEnvironment.getExecutionEnvironment().getParallelism());

        StreamEnvironment.resetContext();

        assertEquals(Runtime.getRuntime().availableProcessors(), StreamEnvironment.getExecutionEnvironment().getParallelism());
        assertThrows(IllegalArgumentException.class, () -> StreamEnvironment.initializeContext(graph -> null, 0));
    }
}
