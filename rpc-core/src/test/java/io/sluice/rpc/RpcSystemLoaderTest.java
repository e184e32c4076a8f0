package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RpcSystemLoaderTest {

    @TempDir
    Path tmp;

    /** An RPC system that names the loader it came from in its failure. */
    private static final String FAKE_SYSTEM = """
            package org.example;
            public class FakeRpcSystem implements io.sluice.rpc.RpcSystem {
                public io.sluice.rpc.RpcService start(io.sluice.rpc.RpcServiceSettings settings) {
                    throw new UnsupportedOperationException(getClass().getClassLoader().getName());
                }
            }
            """;

    @Test
    void theComponentJarInsideTheOwnersJarIsUnpackedPrivatelyAndLoadedInItsOwnLoader() throws Exception {
        Path component = TestJars.jar(Files.createDirectories(tmp.resolve("dist")).resolve(RpcSystemLoader.COMPONENT_JAR),
                Map.of("org.example.FakeRpcSystem", FAKE_SYSTEM),
                Map.of("META-INF/services/io.sluice.rpc.RpcSystem", "org.example.FakeRpcSystem\n"));
        // the owner: a class path entry that holds the component jar as a resource, as sluice-dist.jar does
        ClassLoader owner = new URLClassLoader(new URL[] {component.getParent().toUri().toURL()}, getClass().getClassLoader());
        Path unpackDir = Files.createDirectories(tmp.resolve("unpack"));

        RpcSystem system = RpcSystemLoader.load(owner, unpackDir);

        assertInstanceOf(ComponentClassLoader.class, system.getClass().getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> owner.loadClass("org.example.FakeRpcSystem"),
                "the implementation is not on the owner's class path");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> system.start(RpcServiceSettings.loopback()));
        assertEquals("sluice-rpc", e.getMessage());

        List<Path> unpacked;
        try (Stream<Path> files = Files.list(unpackDir)) {
            unpacked = files.toList();
        }
        assertEquals(1, unpacked.size());
        assertTrue(unpacked.get(0).getFileName().toString().startsWith("sluice-rpc-akka-" + ProcessHandle.current().pid() + "-"),
                unpacked.toString());
        assertEquals(Files.size(component), Files.size(unpacked.get(0)));
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(unpacked.get(0)), "no other user may replace the code we load");
    }

    @Test
    void copiesLeftByKilledProcessesAreDeletedAndThoseOfLiveOnesKept() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path ofDeadProcess = Files.createFile(tmp.resolve("sluice-rpc-akka-" + finished.pid() + "-123.jar"));
        Path ofLiveProcess = Files.createFile(tmp.resolve("sluice-rpc-akka-" + ProcessHandle.current().pid() + "-456.jar"));
        Path unrelated = Files.createFile(tmp.resolve("sluice-rpc-akka-notes.jar"));

        RpcSystemLoader.sweepLeftovers(tmp);

        assertTrue(Files.notExists(ofDeadProcess));
        assertTrue(Files.exists(ofLiveProcess));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void withoutAnImplementationTheErrorSaysWhatIsMissing() {
        // rpc-core's own test class path has no sluice-rpc-akka
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RpcSystemLoader.load(getClass().getClassLoader(), tmp));
        assertTrue(e.getMessage().contains("no RPC implementation found"), e.getMessage());
        assertTrue(e.getMessage().contains("sluice-rpc-akka"), e.getMessage());
    }

    @Test
    void anUnwritableTempDirIsNamedInTheError() throws Exception {
        Path component = TestJars.jar(Files.createDirectories(tmp.resolve("dist")).resolve(RpcSystemLoader.COMPONENT_JAR),
                Map.of(), Map.of("x.txt", "x"));
        ClassLoader owner = new URLClassLoader(new URL[] {component.getParent().toUri().toURL()}, null);
        Path missing = tmp.resolve("no-such-dir");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RpcSystemLoader.load(owner, missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("java.io.tmpdir"), e.getMessage());
    }
}
