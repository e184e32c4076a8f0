package io.sluice.network;

import java.io.Serializable;
import java.util.List;

/** The channels of one incoming job edge of a task, in producer subtask order. */
public record InputGateDeploymentDescriptor(List<InputChannelDeploymentDescriptor> channels) implements Serializable {
    public InputGateDeploymentDescriptor {
        channels = List.copyOf(channels);
    }
}
