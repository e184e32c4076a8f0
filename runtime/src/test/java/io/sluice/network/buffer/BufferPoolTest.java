package io.sluice.network.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void localPoolReservesItsMinimumAndGrowsToItsMaximumOnly() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(10, 128);
        LocalBufferPool pool = global.createLocalPool(2, 4, "test task");
        assertEquals(2, global.segmentsInPools(), "the minimum is taken at creation");
        List<Buffer> taken = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            taken.add(assertNotNull(pool.requestBuffer()));
        }
        assertNull(pool.requestBuffer(), "never more than the maximum");
        assertEquals(4, pool.buffersInUse());
        assertEquals(4, global.segmentsInPools());
        taken.forEach(Buffer::recycle);
        assertEquals(0, pool.buffersInUse());
        assertEquals(4, pool.peakBuffersInUse());
        pool.destroy();
        assertEquals(0, global.segmentsInPools(), "destroy returns free segments");
    }

    private static Buffer assertNotNull(Buffer b) {
        org.junit.jupiter.api.Assertions.assertNotNull(b);
        return b;
    }

    @Test
    void creatingAPoolWithoutEnoughMemoryNamesTheOption() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(3, 128);
        global.createLocalPool(2, 2, "first");
        InsufficientBuffersException e = assertThrows(InsufficientBuffersException.class,
                () -> global.createLocalPool(2, 4, "the output 0 of Map (1/2)"));
        assertTrue(e.getMessage().contains("the output 0 of Map (1/2) needs 2 network buffers"), e.getMessage());
        assertTrue(e.getMessage().contains("taskmanager.network.memory.buffers"), e.getMessage());
        assertEquals(2, global.segmentsInPools(), "nothing half-taken is left behind");
    }

    @Test
    void blockingRequestWaitsForARecycledBuffer() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(4, 128);
        LocalBufferPool pool = global.createLocalPool(1, 1, "writer");
        Buffer only = pool.requestBufferBlocking();
        CompletableFuture<Buffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.requestBufferBlocking();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
        only.recycle();
        Buffer next = waiting.get(10, TimeUnit.SECONDS);
        assertSame(only.memory(), next.memory(), "the recycled segment is handed on");
    }

    @Test
    void destroyEndsABlockedWriter() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(4, 128);
        LocalBufferPool pool = global.createLocalPool(1, 1, "writer");
        Buffer only = pool.requestBufferBlocking();
        CompletableFuture<Buffer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.requestBufferBlocking();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(100);
        pool.destroy();
        Exception e = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        only.recycle();
        assertEquals(0, global.segmentsInPools(), "a buffer recycled after destroy goes back to the TaskManager");
    }

    @Test
    void listenerGetsTheNextRecycledBuffer() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(4, 128);
        LocalBufferPool pool = global.createLocalPool(1, 1, "input");
        Buffer only = pool.requestBuffer();
        List<Buffer> received = new ArrayList<>();
        assertTrue(pool.addBufferListener(b -> received.add(b)));
        only.recycle();
        assertEquals(1, received.size());
        assertEquals(1, pool.buffersInUse(), "handed over, still in use");
        received.get(0).recycle();
        assertEquals(0, pool.buffersInUse());
    }

    @Test
    void recyclingTwiceIsHarmless() throws Exception {
        NetworkBufferPool global = new NetworkBufferPool(4, 128);
        LocalBufferPool pool = global.createLocalPool(1, 2, "x");
        Buffer b = pool.requestBuffer();
        b.recycle();
        b.recycle();
        assertEquals(0, pool.buffersInUse());
    }
}
