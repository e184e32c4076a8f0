package io.sluice.streaming;

import io.sluice.api.OutputTag;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One operator of a chain, the chained operators that consume its output (more than one when a
 * stream is consumed twice), and the network edges its records leave the task on. The operator is
 * kept as its own bytes so that a class that cannot be loaded is reported with the operator's name.
 *
 * @param operatorId      stable id (from the uid, else the operator's position in the job)
 * @param name            display name
 * @param operator        the {@link StreamOperator} with its user function, Java-serialized
 * @param outputs         chained consumers of this operator's records
 * @param outputTags      per entry of {@code outputs}: the side output it reads, or null for the main output
 * @param networkOutputs  network edges fed by this operator (main or side output)
 */
public record ChainedOperatorConfig(String operatorId, String name, byte[] operator,
                                    List<ChainedOperatorConfig> outputs, List<OutputTag<?>> outputTags,
                                    List<NetworkOutputConfig> networkOutputs) implements Serializable {

    public ChainedOperatorConfig {
        outputs = List.copyOf(outputs);
        // may hold nulls (main output), so no List.copyOf
        outputTags = Collections.unmodifiableList(new ArrayList<>(outputTags));
        networkOutputs = List.copyOf(networkOutputs);
        if (outputTags.size() != outputs.size()) {
            throw new IllegalArgumentException("one output tag (or null) per chained output");
        }
    }

    /** An operator whose chained consumers all read its main output and which has no network outputs. */
    public ChainedOperatorConfig(String operatorId, String name, byte[] operator, List<ChainedOperatorConfig> outputs) {
        this(operatorId, name, operator, outputs, Collections.nCopies(outputs.size(), null), List.of());
    }
}
