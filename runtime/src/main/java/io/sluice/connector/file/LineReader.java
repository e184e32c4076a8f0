package io.sluice.connector.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads UTF-8 lines from a stream and knows the byte offset of the next line, which is what a text
 * source stores as its position. Lines end at {@code \n}; a {@code \r} before it (or at the end of
 * the stream) is dropped, so CRLF files read like LF files. The last line needs no terminator.
 *
 * <p>Scans bytes for {@code \n} in its own buffer rather than using a Reader: no per-char decoding
 * on the hot path, and the offset is exact.
 */
final class LineReader implements Closeable {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int pos;
    private int limit;
    /** Offset in the file of {@code buffer[0]}. */
    private long bufferOffset;
    private boolean eof;

    /** Bytes of a line that spans buffer refills. */
    private byte[] carry = new byte[256];
    private int carryLength;

    /** @param offset the offset in the file that the stream is positioned at */
    LineReader(InputStream in, long offset) {
        this.in = in;
        this.bufferOffset = offset;
    }

    /** Offset of the next unread byte: the start of the next line after {@link #readLine()}. */
    long position() {
        return bufferOffset + pos;
    }

    /** The next line without its terminator, or null at the end of the stream. */
    String readLine() throws IOException {
        carryLength = 0;
        boolean consumed = false;
        while (true) {
            if (pos >= limit && !fill()) {
                return consumed ? decode(carry, 0, carryLength) : null;
            }
            consumed = true;
            int start = pos;
            int newline = indexOfNewline(start);
            if (newline >= 0) {
                pos = newline + 1;
                if (carryLength == 0) {
                    return decode(buffer, start, newline - start);
                }
                append(start, newline - start);
                return decode(carry, 0, carryLength);
            }
            append(start, limit - start);
            pos = limit;
        }
    }

    /** Skips through the next {@code \n} (or to the end); returns false if the stream was already at its end. */
    boolean skipLine() throws IOException {
        boolean consumed = false;
        while (true) {
            if (pos >= limit && !fill()) {
                return consumed;
            }
            consumed = true;
            int newline = indexOfNewline(pos);
            if (newline >= 0) {
                pos = newline + 1;
                return true;
            }
            pos = limit;
        }
    }

    private int indexOfNewline(int from) {
        byte[] b = buffer;
        int end = limit;
        for (int i = from; i < end; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferOffset += limit;
        pos = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    private void append(int from, int length) {
        if (carryLength + length > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLength + length));
        }
        System.arraycopy(buffer, from, carry, carryLength, length);
        carryLength += length;
    }

    private static String decode(byte[] bytes, int from, int length) {
        if (length > 0 && bytes[from + length - 1] == '\r') {
            length--;
        }
        return new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
