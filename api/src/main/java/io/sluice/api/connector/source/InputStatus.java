package io.sluice.api.connector.source;

/** What {@link SourceReader#pollNext} says about the input. */
public enum InputStatus {
    /** More records may follow at once. */
    MORE_AVAILABLE,
    /** Nothing now; the reader waited briefly and expects more later. */
    NOTHING_AVAILABLE,
    /** Every split is read; the reader will emit nothing more. */
    END_OF_INPUT
}
