package io.sluice.streaming;

import java.io.Serializable;
import java.util.List;

/**
 * One operator of a chain and the chained operators that consume its output (more than one when a
 * stream is consumed twice). The operator is kept as its own bytes so that a class that cannot be
 * loaded is reported with the operator's name.
 *
 * @param operatorId  stable id (from the uid, else the operator's position in the job)
 * @param name        display name
 * @param operator    the {@link StreamOperator} with its user function, Java-serialized
 * @param outputs     chained consumers of this operator's records
 */
public record ChainedOperatorConfig(String operatorId, String name, byte[] operator,
                                    List<ChainedOperatorConfig> outputs) implements Serializable {

    public ChainedOperatorConfig {
        outputs = List.copyOf(outputs);
    }
}
