package io.sluice.yarnclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.config.IllegalConfigurationException;
import io.sluice.config.MemorySize;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void partsAddUpToTheContainerSize() {
        ProcessMemory m = ProcessMemory.taskManager(MemorySize.parse("1536m"));
        assertEquals(1536, m.heapMb() + m.metaspaceMb() + m.directMb() + m.overheadMb());
        assertTrue(m.jvmArgs().contains("-Xmx" + m.heapMb() + "m"), m.jvmArgs().toString());
        assertTrue(m.jvmArgs().contains("-XX:MaxDirectMemorySize=128m"), m.jvmArgs().toString());
    }

    @Test
    void overheadGrowsWithLargeContainersButIsCapped() {
        assertEquals(192, ProcessMemory.jobManager(MemorySize.parse("1g")).overheadMb());
        assertEquals(409, ProcessMemory.jobManager(MemorySize.parse("4g")).overheadMb());
        assertEquals(1024, ProcessMemory.jobManager(MemorySize.parse("64g")).overheadMb());
    }

    @Test
    void tooSmallNamesTheOptionAndTheMinimum() {
        IllegalConfigurationException e = assertThrows(IllegalConfigurationException.class,
                () -> ProcessMemory.taskManager(MemorySize.parse("400m")));
        assertTrue(e.getMessage().contains("taskmanager.memory.process.size"), e.getMessage());
        assertTrue(e.getMessage().contains("use at least 640m"), e.getMessage());
    }
}
