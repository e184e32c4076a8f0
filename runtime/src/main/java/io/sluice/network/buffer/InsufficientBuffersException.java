package io.sluice.network.buffer;

import java.io.IOException;

/** The TaskManager's network memory cannot give a task the buffers it needs to run. */
public final class InsufficientBuffersException extends IOException {
    private static final long serialVersionUID = 1L;

    public InsufficientBuffersException(String message) {
        super(message);
    }
}
