package io.sluice.api.connector.source.builtin;

import io.sluice.api.connector.ConnectorContext;
import io.sluice.api.connector.source.InputStatus;
import io.sluice.api.connector.source.Source;
import io.sluice.api.connector.source.SourceOutput;
import io.sluice.api.connector.source.SourceReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the text a TCP server sends, cut at a delimiter ({@code \n} by default, with a {@code \r}
 * before it dropped), until the server closes the connection: then the input ends (after the
 * text after the last delimiter, if any). With {@code maxReconnects} it connects again instead,
 * that many times (-1 = forever), {@link #RECONNECT_DELAY_MILLIS} apart.
 *
 * <p>Runs with parallelism 1 only: a second instance would read a second, different stream. Reads
 * wait at most {@link #READ_TIMEOUT_MILLIS} so the task can check for cancellation in between.
 * A socket cannot replay ({@link #canReplay()} is false), so its {@link Position} (lines emitted) is
 * informational only.
 */
public final class SocketTextSource implements Source<String, SocketTextSource.Position> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SocketTextSource.class);

    public static final int READ_TIMEOUT_MILLIS = 100;
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    static final long RECONNECT_DELAY_MILLIS = 500;

    /** Lines emitted so far by this instance. Not replayable: the server decides what it sends. */
    public record Position(long linesEmitted) implements Serializable {
    }

    private final String host;
    private final int port;
    private final String delimiter;
    private final long maxReconnects;

    /**
     * @param delimiter     separates records; {@code "\n"} also accepts {@code "\r\n"}
     * @param maxReconnects how often to connect again after the server closed or dropped the
     *                      connection: 0 = never (the input ends), -1 = forever
     */
    public SocketTextSource(String host, int port, String delimiter, long maxReconnects) {
        this.host = Objects.requireNonNull(host, "host must not be null");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
        }
        Objects.requireNonNull(delimiter, "delimiter must not be null");
        if (delimiter.isEmpty()) {
            throw new IllegalArgumentException("delimiter must not be empty");
        }
        if (maxReconnects < -1) {
            throw new IllegalArgumentException("maxReconnects must be -1 (forever), 0 or positive, was " + maxReconnects);
        }
        this.port = port;
        this.delimiter = delimiter;
        this.maxReconnects = maxReconnects;
    }


    @Override
    public List<Position> createSplits(int parallelism) {
        return List.of(new Position(0));
    }

    @Override
    public boolean canReplay() {
        return false;
    }

    @Override
    public SourceReader<String, Position> createReader(ConnectorContext context) throws IOException {
        if (context.parallelism() != 1) {
            throw new IllegalStateException("a socket source runs with parallelism 1 only, but '" + context.taskName()
                    + "' has parallelism " + context.parallelism() + ": do not set a parallelism on the socket stream "
                    + "(rebalance() after it to spread the work)");
        }
        return new Reader(context.taskName());
    }

    private final class Reader implements SourceReader<String, Position> {

        private final String taskName;
        private Socket socket;
        private InputStream in;
        private byte[] delimiterBytes;
        /** Received bytes not yet emitted: {@code [0, pendingLength)}; grows for long records. */
        private byte[] pending;
        private int pendingLength;
        /** Where the search for the next delimiter resumes: bytes before it hold no delimiter start. */
        private int scanFrom;
        private long linesEmitted;
        private long reconnects;
        private long nextConnectNanos;

        private SourceOutput<String> output;

        Reader(String taskName) {
            this.taskName = taskName;
            delimiterBytes = delimiter.getBytes(StandardCharsets.UTF_8);
            pending = new byte[8192];
        }

        @Override
        public void addSplits(List<Position> splits) throws IOException {
            for (Position p : splits) {
                linesEmitted = Math.max(linesEmitted, p.linesEmitted());
            }
            connect(true);
        }

        @Override
        public List<Position> snapshotState(long checkpointId) {
            return List.of(new Position(linesEmitted));
        }

        private boolean connect(boolean first) throws IOException {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                s.setSoTimeout(READ_TIMEOUT_MILLIS);
            } catch (IOException e) {
                s.close();
                if (first && maxReconnects == 0) {
                    throw new IOException("cannot connect to " + host + ":" + port + " (" + e.getMessage()
                            + "): start the server first, e.g. 'nc -lk " + port + "'", e);
                }
                LOG.info("{}: cannot connect to {}:{} ({}), will retry", taskName, host, port, e.getMessage());
                return false;
            }
            socket = s;
            in = s.getInputStream();
            LOG.info("{}: connected to {}:{}", taskName, host, port);
            return true;
        }

        @Override
        public InputStatus pollNext(SourceOutput<String> output) throws Exception {
                this.output = output;
            if (socket == null) {
                return reconnect();
            }
            if (pendingLength == pending.length) {
                pending = java.util.Arrays.copyOf(pending, pending.length * 2);
            }
            int n;
            try {
                n = in.read(pending, pendingLength, pending.length - pendingLength);
            } catch (SocketTimeoutException e) {
                return InputStatus.MORE_AVAILABLE;
            } catch (IOException e) {
                LOG.info("{}: connection to {}:{} failed: {}", taskName, host, port, e.toString());
                n = -1;
            }
            if (n < 0) {
                closeSocket();
                if (maxReconnects == 0) {
                    flushRest();
                    return InputStatus.END_OF_INPUT;
                }
                // a line cut by a dropped connection is not completed by the next connection
                pendingLength = 0;
                scanFrom = 0;
                nextConnectNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_DELAY_MILLIS);
                return reconnect();
            }
            pendingLength += n;
            emitCompleteRecords();
            return InputStatus.MORE_AVAILABLE;
        }

        private InputStatus reconnect() throws IOException {
            if (maxReconnects >= 0 && reconnects >= maxReconnects) {
                LOG.info("{}: no reconnect left ({} done); input ends", taskName, reconnects);
                return InputStatus.END_OF_INPUT;
            }
            long wait = nextConnectNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(READ_TIMEOUT_MILLIS)));
                return InputStatus.MORE_AVAILABLE;
            }
            reconnects++;
            if (!connect(false)) {
                nextConnectNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECONNECT_DELAY_MILLIS);
            }
            return InputStatus.MORE_AVAILABLE;
        }

        private void emitCompleteRecords() throws Exception {
            byte[] data = pending;
            SourceOutput<String> out = output;
            int start = 0;
            int at;
            while ((at = indexOf(data, Math.max(start, scanFrom), pendingLength)) >= 0) {
                out.collect(decode(data, start, at - start));
                linesEmitted++;
                start = at + delimiterBytes.length;
            }
            // keep the unfinished record at the front; a delimiter may still start in its last bytes
            int rest = pendingLength - start;
            System.arraycopy(data, start, data, 0, rest);
            pendingLength = rest;
            scanFrom = Math.max(0, rest - delimiterBytes.length + 1);
        }

        private void flushRest() throws Exception {
            if (pendingLength > 0) {
                output.collect(decode(pending, 0, pendingLength));
                linesEmitted++;
                pendingLength = 0;
            }
        }

        private int indexOf(byte[] data, int from, int length) {
            byte[] d = delimiterBytes;
            outer:
            for (int i = from; i <= length - d.length; i++) {
                for (int j = 0; j < d.length; j++) {
                    if (data[i + j] != d[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private String decode(byte[] data, int from, int length) {
            if ("\n".equals(delimiter) && length > 0 && data[from + length - 1] == '\r') {
                length--;
            }
            return new String(data, from, length, StandardCharsets.UTF_8);
        }

        private void closeSocket() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    LOG.debug("closing the socket failed", e);
                }
                socket = null;
                in = null;
            }
        }

        @Override
        public void close() {
            closeSocket();
        }
    }
}
