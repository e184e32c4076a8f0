package io.sluice.streaming;

import io.sluice.api.JobClient;
import io.sluice.api.JobExecutionResult;
import io.sluice.api.PipelineExecutor;
import io.sluice.graph.JobGraph;
import io.sluice.graph.JobVertex;
import io.sluice.task.TaskInvokable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test-only executor: runs every subtask of a job on a thread of this JVM, as a TaskExecutor would
 * (job graph sent as bytes, invokable instantiated by class name through the user class loader).
 * Data exchange between vertices is not supported, as in the API slice it serves.
 */
public final class InProcessPipelineExecutor implements io.sluice.translation.JobGraphExecutor {

    private final ClassLoader userClassLoader;
    private final List<JobGraph> submitted = new CopyOnWriteArrayList<>();

    public InProcessPipelineExecutor() {
        this(InProcessPipelineExecutor.class.getClassLoader());
    }

    public InProcessPipelineExecutor(ClassLoader userClassLoader) {
        this.userClassLoader = userClassLoader;
    }

    /** The job graphs received so far, as a cluster would see them. */
    public List<JobGraph> submitted() {
        return submitted;
    }

    @Override
    public JobClient execute(JobGraph jobGraph) throws Exception {
        JobGraph received = JobGraph.fromBytes(jobGraph.toBytes());
        submitted.add(received);
        Job job = new Job(received);
        job.start();
        return job;
    }

    private final class Job implements JobClient {

        private final JobGraph graph;
        private final List<TaskInvokable> tasks = new ArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
        private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        private final AtomicInteger running = new AtomicInteger();
        private volatile boolean cancelRequested;
        private long startNanos;

        Job(JobGraph graph) {
            this.graph = graph;
        }

        void start() throws Exception {
            for (JobVertex vertex : graph.vertices()) {
                Class<?> invokable = Class.forName(vertex.invokableClassName(), true, userClassLoader);
                for (int i = 0; i < vertex.parallelism(); i++) {
                    TestTaskEnvironment env = TestTaskEnvironment.of(graph, vertex, i, 0, userClassLoader);
                    TaskInvokable task = (TaskInvokable) invokable
                            .getConstructor(io.sluice.task.TaskEnvironment.class).newInstance(env);
                    tasks.add(task);
                    threads.add(new Thread(() -> run(task), env.taskNameWithSubtask()));
                }
            }
            running.set(threads.size());
            startNanos = System.nanoTime();
            threads.forEach(Thread::start);
        }

        private void run(TaskInvokable task) {
            try {
                task.invoke();
            } catch (Throwable t) {
                if (firstFailure.compareAndSet(null, t)) {
                    cancelTasks();
                }
            }
            if (running.decrementAndGet() == 0) {
                Throwable failure = firstFailure.get();
                if (cancelRequested) {
                    result.completeExceptionally(new CancellationException("job " + graph.jobId() + " was cancelled"));
                } else if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(new JobExecutionResult(graph.jobId(), graph.jobName(),
                            Duration.ofNanos(System.nanoTime() - startNanos)));
                }
            }
        }

        private void cancelTasks() {
            for (TaskInvokable task : tasks) {
                try {
                    task.cancel();
                } catch (Exception e) {
                    // the task ends anyway; its own failure is what the job reports
                }
            }
        }

        @Override
        public io.sluice.api.common.JobId jobId() {
            return graph.jobId();
        }

        @Override
        public CompletableFuture<JobExecutionResult> result() {
            return result;
        }

        @Override
        public CompletableFuture<Void> cancel() {
            cancelRequested = true;
            cancelTasks();
            return CompletableFuture.completedFuture(null);
        }
    }
}
