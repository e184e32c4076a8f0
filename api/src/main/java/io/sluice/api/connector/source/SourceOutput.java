package io.sluice.api.connector.source;

/** Where a {@link SourceReader} emits its records. Valid only during {@link SourceReader#pollNext}. */
public interface SourceOutput<T> {

    /** Emits a record without a timestamp. */
    void collect(T record);

    /** Emits a record with its event timestamp (milliseconds). */
    void collect(T record, long timestamp);
}
