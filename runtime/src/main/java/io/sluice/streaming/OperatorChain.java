package io.sluice.streaming;

import io.sluice.api.OutputTag;
import io.sluice.api.common.UserCodeSerialization;
import io.sluice.network.RecordWriter;
import io.sluice.network.TaskNetwork;
import io.sluice.network.partitioner.StreamPartitioner;
import io.sluice.network.serialization.StreamElementCodec;
import io.sluice.state.timers.ProcessingTimeService;
import io.sluice.task.TaskEnvironment;
import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operators of one task, wired together by {@link Output}s so records pass by method call, and
 * to the task's network partitions at the chain's ends. Knows the lifecycle order: open downstream
 * first, finish upstream first, close everything.
 */
final class OperatorChain {

    private record Member(StreamOperator<?> operator, OperatorContext context) {
    }

    /** Head first, then every operator after the one it consumes. */
    private final List<Member> members = new ArrayList<>();
    private final List<RecordWriter<?>> writers = new ArrayList<>();
    private final TaskEnvironment env;
    private final StreamTaskConfig config;
    private final TaskNetwork network;
    private final Supplier<StreamElementCodec> codecs;
    private final boolean flushAlways;

    private final ProcessingTimeService processingTimeService;
    /** Output of the head operator: where end-of-input events enter the chain. */
    private Output<Object> headOutput;

    private OperatorChain(StreamTaskConfig config, TaskEnvironment env, ProcessingTimeService processingTimeService,
                          TaskNetwork network, Supplier<StreamElementCodec> codecs, boolean flushAlways) {
        this.config = config;
        this.env = env;
        this.processingTimeService = processingTimeService;
        this.network = network;
        this.codecs = codecs;
        this.flushAlways = flushAlways;
    }

    /** A chain without network edges (tests, single-vertex jobs). */
    static OperatorChain create(StreamTaskConfig config, TaskEnvironment env, ProcessingTimeService timeService)
            throws OperatorException {
        return create(config, env, timeService, TaskNetwork.none(), () -> null, false);
    }

    /** Loads every operator with the user class loader and connects them; nothing is opened yet. */
    static OperatorChain create(StreamTaskConfig config, TaskEnvironment env, ProcessingTimeService timeService,
                                TaskNetwork network, Supplier<StreamElementCodec> codecs, boolean flushAlways)
            throws OperatorException {
        OperatorChain chain = new OperatorChain(config, env, timeService, network, codecs, flushAlways);
        StreamOperator<?> head = chain.add(config.head());
        boolean hasInputs = !config.inputs().isEmpty();
        if (!hasInputs && !(head instanceof SourceOperator<?>)) {
            throw new OperatorException("operator '" + config.head().name() + "' heads the chain '"
                    + config.chainName() + "' but is not a source (" + head.getClass().getName() + ")", null);
        }
        if (hasInputs && !(head instanceof OneInputOperator<?, ?> || head instanceof TwoInputOperator<?, ?, ?>)) {
            throw new OperatorException("operator '" + config.head().name() + "' reads the network but takes no input ("
                    + head.getClass().getName() + ")", null);
        }
        return chain;
    }

    StreamOperator<?> head() {
        return members.get(0).operator();
    }

    SourceOperator<?> source() {
        return (SourceOperator<?>) members.get(0).operator();
    }

    OperatorContext headContext() {
        return members.get(0).context();
    }

    OperatorContext sourceContext() {
        return headContext();
    }

    List<RecordWriter<?>> writers() {
        return writers;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private StreamOperator<?> add(ChainedOperatorConfig node) throws OperatorException {
        OperatorContext context = contextOf(node);
        StreamOperator operator = load(node, context);
        members.add(new Member(operator, context));
        List<Output<Object>> mainOutputs = new ArrayList<>();
        Map<OutputTag<?>, List<Output<Object>>> sideOutputs = new LinkedHashMap<>();
        for (int i = 0; i < node.outputs().size(); i++) {
            ChainedOperatorConfig consumer = node.outputs().get(i);
            int position = members.size();
            StreamOperator<?> next = add(consumer);
            if (!(next instanceof OneInputOperator<?, ?> oneInput)) {
                throw new OperatorException("operator '" + consumer.name() + "' consumes '" + node.name()
                        + "' but takes no input (" + next.getClass().getName() + ")", null);
            }
            Output<Object> out = new ChainedOutput<>((OneInputOperator<Object, ?>) oneInput, members.get(position).context());
            OutputTag<?> tag = node.outputTags().get(i);
            (tag == null ? mainOutputs : sideOutputs.computeIfAbsent(tag, k -> new ArrayList<>())).add(out);
        }
        for (NetworkOutputConfig edge : node.networkOutputs()) {
            Output<Object> out = new RecordWriterOutput<>(writer(node, edge, context));
            (edge.sideOutput() == null ? mainOutputs : sideOutputs.computeIfAbsent(edge.sideOutput(),
                    k -> new ArrayList<>())).add(out);
        }
        Output<Object> output = fanOut(mainOutputs);
        if (!sideOutputs.isEmpty()) {
            Map<OutputTag<?>, Output<Object>> sides = new LinkedHashMap<>();
            sideOutputs.forEach((tag, outs) -> sides.put(tag, fanOut(outs)));
            output = new RoutingOutput<>(output, sides);
        }
        operator.setup(context, output);
        if (headOutput == null) {
            headOutput = output;
        }
        return operator;
    }

    private static Output<Object> fanOut(List<Output<Object>> outputs) {
        return switch (outputs.size()) {
            case 0 -> new DroppingOutput<>();
            case 1 -> outputs.get(0);
            default -> new BroadcastingOutput<>(outputs);
        };
    }

    @SuppressWarnings("unchecked")
    private RecordWriter<Object> writer(ChainedOperatorConfig node, NetworkOutputConfig edge, OperatorContext context)
            throws OperatorException {
        if (edge.resultIndex() >= network.partitions().size()) {
            throw new OperatorException("operator '" + node.name() + "' writes to output " + edge.resultIndex()
                    + " but the task was deployed with " + network.partitions().size() + " result partition(s)", null);
        }
        Object partitioner = loadUserObject(edge.partitioner(), "the partitioner after operator '" + node.name() + "'",
                context);
        RecordWriter<Object> writer = new RecordWriter<>(network.partitions().get(edge.resultIndex()),
                (StreamPartitioner<Object>) partitioner, codecs.get(), env.subtaskIndex(), flushAlways);
        writers.add(writer);
        return writer;
    }

    private OperatorContext contextOf(ChainedOperatorConfig node) {
        return new OperatorContext(node.operatorId(), node.name(), env.taskNameWithSubtask(),
                env.subtaskIndex(), env.parallelism(), config.maxParallelism(), env.attemptNumber(),
                env.jobId(), env.jobName(), env.jobConfiguration(), env.userClassLoader(), processingTimeService);
    }

    private StreamOperator<?> load(ChainedOperatorConfig node, OperatorContext context) throws OperatorException {
        Object loaded = loadUserObject(node.operator(), "operator '" + node.name() + "'", context);
        if (!(loaded instanceof StreamOperator<?> streamOperator)) {
            throw new OperatorException("operator '" + node.name() + "' in task '" + context.taskName() + "' is a "
                    + loaded.getClass().getName() + ", not a stream operator", null);
        }
        return streamOperator;
    }

    private Object loadUserObject(byte[] bytes, String what, OperatorContext context) throws OperatorException {
        String operator = what + " in task '" + context.taskName() + "'";
        try {
            return UserCodeSerialization.deserialize(bytes, env.userClassLoader());
        } catch (ClassNotFoundException e) {
            throw new OperatorException("cannot load the user code of " + operator + ": class " + e.getMessage()
                    + " is not in the job's class loader; is it packaged in the job jar?", e);
        } catch (InvalidClassException e) {
            throw new OperatorException("cannot deserialize the user code of " + operator + ": class " + e.classname
                    + " differs from the one the job was built with (" + e.getMessage() + ")", e);
        } catch (Exception | LinkageError e) {
            // lambdas fail here (IllegalArgumentException, ClassCastException) when their capturing class changed
            throw new OperatorException("cannot deserialize the user code of " + operator + ": " + e
                    + "; was the job jar built from the same sources as the submitted job?", e);
        }
    }

    /** Gives every operator its state from {@code restore} (or tells it that it starts fresh); before {@link #open}. */
    void initializeState(io.sluice.checkpoint.TaskRestore restore) throws OperatorException {
        for (Member member : members) {
            StateInitializationContext state = restore == null ? StateInitializationContext.fresh()
                    : new StateInitializationContext(restore.checkpointId(),
                            restore.state().of(member.context().operatorId()));
            try {
                member.operator().initializeState(state);
            } catch (Exception e) {
                throw OperatorException.wrap(e, restore == null ? "initializeState"
                        : "restore from checkpoint " + restore.checkpointId(), member.context());
            }
        }
    }

    /** One operator's part of a checkpoint, as its synchronous snapshot left it. */
    record OperatorSnapshot(String operatorId, String operatorName, StateSnapshotContext state) {
    }

    /** Sends the barrier of a checkpoint downstream on every output channel, ahead of any later record. */
    void broadcastBarrier(long checkpointId, long timestamp) throws InterruptedException {
        for (RecordWriter<?> writer : writers) {
            writer.broadcastEvent(io.sluice.network.serialization.StreamElementCodec.CHECKPOINT_BARRIER,
                    checkpointId, timestamp, 2);
        }
    }

    /** The synchronous part of a checkpoint for every operator of the chain. */
    List<OperatorSnapshot> snapshotState(long checkpointId, long timestamp) throws OperatorException {
        List<OperatorSnapshot> snapshots = new ArrayList<>(members.size());
        for (Member member : members) {
            StateSnapshotContext state = new StateSnapshotContext(checkpointId, timestamp);
            try {
                member.operator().snapshotState(state);
            } catch (Exception e) {
                snapshots.forEach(done -> cancelKeyed(done.state()));
                throw OperatorException.wrap(e, "checkpoint " + checkpointId, member.context());
            }
            snapshots.add(new OperatorSnapshot(member.context().operatorId(), member.context().operatorName(), state));
        }
        return snapshots;
    }

    private static void cancelKeyed(StateSnapshotContext state) {
        if (state.keyedWriter() != null) {
            state.keyedWriter().cancel();
        }
    }

    void notifyCheckpointComplete(long checkpointId) throws OperatorException {
        for (Member member : members) {
            try {
                member.operator().notifyCheckpointComplete(checkpointId);
            } catch (Exception e) {
                throw OperatorException.wrap(e, "commit of checkpoint " + checkpointId, member.context());
            }
        }
    }

    void notifyCheckpointAborted(long checkpointId) throws OperatorException {
        for (Member member : members) {
            try {
                member.operator().notifyCheckpointAborted(checkpointId);
            } catch (Exception e) {
                throw OperatorException.wrap(e, "abort of checkpoint " + checkpointId, member.context());
            }
        }
    }

    /** Opens downstream operators before upstream ones, so every output is ready before records flow. */
    void open() throws OperatorException {
        for (int i = members.size() - 1; i >= 0; i--) {
            Member member = members.get(i);
            try {
                member.operator().open();
            } catch (Exception e) {
                throw OperatorException.wrap(e, "open", member.context());
            }
        }
    }

    /**
     * The input has ended: event time jumps to the end (all event-time timers and windows fire),
     * then each operator learns that its input ended and finishes, upstream first, so what one
     * flushes still reaches open downstream operators. Last, every network output is told that the
     * partition ends.
     *
     * @param headWatermark  the watermark the head has seen; MAX unless an input head's channels ended without it
     */
    void finish(long headWatermark) throws Exception {
        StreamOperator<?> head = head();
        try {
            if (head instanceof SourceOperator<?>) {
                headOutput.emitWatermark(io.sluice.api.eventtime.Watermark.MAX_WATERMARK);
            } else if (headWatermark < Long.MAX_VALUE && head instanceof OneInputOperator<?, ?> oneInput) {
                oneInput.processWatermark(io.sluice.api.eventtime.Watermark.MAX_WATERMARK);
            }
        } catch (Exception e) {
            throw OperatorException.wrap(e, "end of input", members.get(0).context());
        }
        for (Member member : members) {
            try {
                if (member.operator() instanceof OneInputOperator<?, ?> oneInput) {
                    oneInput.endInput();
                }
                member.operator().finish();
            } catch (Exception e) {
                throw OperatorException.wrap(e, "finish", member.context());
            }
        }
        for (RecordWriter<?> writer : writers) {
            writer.finish();
        }
    }

    void flushOutputs() {
        for (RecordWriter<?> writer : writers) {
            writer.flushAll();
        }
    }

    /** Closes every operator even if some fail; returns the first failure with the others suppressed. */
    OperatorException close() {
        OperatorException failure = null;
        for (Member member : members) {
            try {
                member.operator().close();
            } catch (Exception | LinkageError e) {
                OperatorException wrapped = new OperatorException("operator '" + member.context().operatorName()
                        + "' in task '" + member.context().taskName() + "' failed in close: " + e, e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        for (RecordWriter<?> writer : writers) {
            writer.close();
        }
        return failure;
    }
}
