package io.sluice.streaming.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.connector.source.builtin.SocketTextSource;
import io.sluice.streaming.CollectingOutput;
import io.sluice.streaming.SourceOperator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SocketTextSourceTest {

    /** Accepts {@code connections} clients one after the other and sends each its text, in pieces, then closes. */
    private static CompletableFuture<Void> serve(ServerSocket server, String... texts) {
        return CompletableFuture.runAsync(() -> {
            for (String text : texts) {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                    // in small pieces with pauses: records arrive cut in the middle and across read timeouts
                    for (int i = 0; i < bytes.length; i += 7) {
                        out.write(bytes, i, Math.min(7, bytes.length - i));
                        out.flush();
                        if (i % 70 == 0) {
                            Thread.sleep(SocketTextSource.READ_TIMEOUT_MILLIS + 20);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }
        });
    }

    private static List<String> run(SocketTextSource source) throws Exception {
        var instance = new ReaderDriver<>(source);
        CollectingOutput<String> out = new CollectingOutput<>();
        instance.setup(SourceHarness.context("socket", 0, 1), out);
        instance.open();
        try {
            while (instance.emitNext() == SourceOperator.Status.MORE_AVAILABLE) {
                // until the server closes
            }
            assertEquals(out.values().size(), instance.currentPosition().get(0).linesEmitted());
        } finally {
            instance.close();
        }
        return out.values();
    }

    @Test
    void readsLinesUntilTheServerCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> sent = serve(server, "first line\nzweite Zeile ☃\r\n\nlast without newline");
            List<String> lines = run(new SocketTextSource("localhost", server.getLocalPort(), "\n", 0));
            sent.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("first line", "zweite Zeile ☃", "", "last without newline"), lines);
        }
    }

    @Test
    void recordsLongerThanTheReadBuffer() throws Exception {
        String big = "x".repeat(50_000);
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write((big + "\nshort\n" + big + "y").getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            List<String> lines = run(new SocketTextSource("localhost", server.getLocalPort(), "\n", 0));
            sent.get(10, TimeUnit.SECONDS);
            assertEquals(List.of(big, "short", big + "y"), lines);
        }
    }

    @Test
    void customDelimiter() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            serve(server, "a||bb||||ccc||");
            assertEquals(List.of("a", "bb", "", "ccc"), run(new SocketTextSource("localhost", server.getLocalPort(), "||", 0)));
        }
    }

    @Test
    void reconnectsAfterTheServerClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            serve(server, "one\ntwo\n", "three\n");
            assertEquals(List.of("one", "two", "three"), run(new SocketTextSource("localhost", server.getLocalPort(), "\n", 1)));
        }
    }

    @Test
    void refusedConnectionSaysWhatToDo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var source = new ReaderDriver<>(new SocketTextSource("localhost", port, "\n", 0));
        source.setup(SourceHarness.context("socket", 0, 1), new CollectingOutput<>());
        IOException e = assertThrows(IOException.class, source::open);
        assertTrue(e.getMessage().contains("cannot connect to localhost:" + port) && e.getMessage().contains("nc -lk"),
                e.getMessage());
    }

    @Test
    void parallelismAboveOneIsRefused() throws Exception {
        var source = new ReaderDriver<>(new SocketTextSource("localhost", 9, "\n", 0));
        source.setup(SourceHarness.context("socket", 0, 2), new CollectingOutput<>());
        IllegalStateException e = assertThrows(IllegalStateException.class, source::open);
        assertTrue(e.getMessage().contains("parallelism 1"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SocketTextSource("localhost", 0, "\n", 0));
        assertThrows(IllegalArgumentException.class, () -> new SocketTextSource("localhost", 80, "", 0));
        assertThrows(IllegalArgumentException.class, () -> new SocketTextSource(" ", 80, "\n", 0));
    }
}
