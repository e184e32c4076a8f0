package io.sluice.streaming;

import io.sluice.taskexecutor.TaskEnvironment;
import java.io.InvalidClassException;
import java.util.ArrayList;
import java.util.List;

/**
 * The operators of one task, wired together by {@link Output}s so records pass by method call.
 * Knows the lifecycle order: open downstream first, finish upstream first, close everything.
 */
final class OperatorChain {

    private record Member(StreamOperator<?> operator, OperatorContext context) {
    }

    /** Head (source) first, then every operator after the one it consumes. */
    private final List<Member> members = new ArrayList<>();
    private final TaskEnvironment env;
    private final StreamTaskConfig config;

    private final ProcessingTimeService processingTimeService;
    /** Output of the head operator: where end-of-input events enter the chain. */
    private Output<Object> headOutput;

    private OperatorChain(StreamTaskConfig config, TaskEnvironment env, ProcessingTimeService processingTimeService) {
        this.config = config;
        this.env = env;
        this.processingTimeService = processingTimeService;
    }

    /** Loads every operator with the user class loader and connects them; nothing is opened yet. */
    static OperatorChain create(StreamTaskConfig config, TaskEnvironment env, ProcessingTimeService timeService)
            throws OperatorException {
        OperatorChain chain = new OperatorChain(config, env, timeService);
        StreamOperator<?> head = chain.add(config.head());
        if (!(head instanceof SourceOperator<?>)) {
            throw new OperatorException("operator '" + config.head().name() + "' heads the chain '"
                    + config.chainName() + "' but is not a source (" + head.getClass().getName() + ")", null);
        }
        return chain;
    }

    SourceOperator<?> source() {
        return (SourceOperator<?>) members.get(0).operator();
    }

    OperatorContext sourceContext() {
        return members.get(0).context();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private StreamOperator<?> add(ChainedOperatorConfig node) throws OperatorException {
        OperatorContext context = contextOf(node);
        StreamOperator operator = load(node, context);
        members.add(new Member(operator, context));
        List<Output<Object>> outputs = new ArrayList<>();
        for (ChainedOperatorConfig consumer : node.outputs()) {
            int position = members.size();
            StreamOperator<?> next = add(consumer);
            if (!(next instanceof OneInputOperator<?, ?> oneInput)) {
                throw new OperatorException("operator '" + consumer.name() + "' consumes '" + node.name()
                        + "' but takes no input (" + next.getClass().getName() + ")", null);
            }
            outputs.add(new ChainedOutput<>((OneInputOperator<Object, ?>) oneInput, members.get(position).context()));
        }
        Output<Object> output = switch (outputs.size()) {
            case 0 -> new DroppingOutput<>();
            case 1 -> outputs.get(0);
            default -> new BroadcastingOutput<>(outputs);
        };
        operator.setup(context, output);
        if (headOutput == null) {
            headOutput = output;
        }
        return operator;
    }

    private OperatorContext contextOf(ChainedOperatorConfig node) {
        return new OperatorContext(node.operatorId(), node.name(), env.taskNameWithSubtask(),
                env.subtaskIndex(), env.parallelism(), config.maxParallelism(), env.attemptNumber(),
                env.jobId(), env.jobName(), env.jobConfiguration(), env.userClassLoader(), processingTimeService);
    }

    private StreamOperator<?> load(ChainedOperatorConfig node, OperatorContext context) throws OperatorException {
        String operator = "operator '" + node.name() + "' in task '" + context.taskName() + "'";
        Object loaded;
        try {
            loaded = UserCodeSerialization.deserialize(node.operator(), env.userClassLoader());
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
        if (!(loaded instanceof StreamOperator<?> streamOperator)) {
            throw new OperatorException(operator + " is a " + loaded.getClass().getName() + ", not a stream operator", null);
        }
        return streamOperator;
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
     * The source has ended: event time jumps to the end (all event-time timers and windows fire),
     * then each operator learns that its input ended and finishes, upstream first, so what one
     * flushes still reaches open downstream operators.
     */
    void finish() throws OperatorException {
        try {
            headOutput.emitWatermark(io.sluice.api.eventtime.Watermark.MAX_WATERMARK);
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
        return failure;
    }
}
