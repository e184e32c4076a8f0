package io.sluice.network.serialization;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.sluice.network.StreamRecord;

/**
 * The in-band format of a channel: records and events share one byte stream, so an event keeps
 * its place relative to the records (a watermark or barrier never overtakes data). Each element is
 * {@code [int length][tag][payload]}; the length lets a reader find element boundaries without
 * decoding and lets elements span buffers.
 */
public final class StreamElementCodec {

    public static final byte RECORD = 0;
    public static final byte RECORD_WITH_TIMESTAMP = 1;
    public static final byte WATERMARK = 2;
    public static final byte END_OF_PARTITION = 3;
    /** Checkpoint barrier {@code [long id][long timestamp]}: aligned by blocking channels (see InputGate). */
    public static final byte CHECKPOINT_BARRIER = 4;
    /** Watermark status {@code [boolean idle]}: an idle channel is left out of the watermark minimum. */
    public static final byte WATERMARK_STATUS = 5;

    private final ValueSerializer values;

    public StreamElementCodec(ValueSerializer values) {
        this.values = values;
    }

    /** Writes the tag and payload of a record (the caller writes the length). */
    public void writeRecord(Output out, StreamRecord<?> record) {
        if (record.hasTimestamp()) {
            out.writeByte(RECORD_WITH_TIMESTAMP);
            out.writeLong(record.getTimestamp());
        } else {
            out.writeByte(RECORD);
        }
        values.write(out, record.getValue());
    }

    /** Reads the record payload after its tag into {@code reuse}. */
    @SuppressWarnings("unchecked")
    public void readRecord(Input in, byte tag, StreamRecord<Object> reuse) {
        if (tag == RECORD_WITH_TIMESTAMP) {
            long ts = in.readLong();
            reuse.replace(values.read(in), ts);
        } else {
            reuse.eraseTimestamp();
            reuse.replace(values.read(in));
        }
    }
}
