package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner has its own org.example.Probe and probe.txt (as a job's jar could have its own Akka and
 * reference.conf); the component has another of each.
 */
class ComponentClassLoaderTest {

    @TempDir
    Path tmp;

    URLClassLoader owner;
    ComponentClassLoader component;

    @BeforeEach
    void jars() throws Exception {
        Path ownerJar = TestJars.jar(tmp.resolve("owner.jar"), Map.of(
                "org.example.Probe", TestJars.probe("Probe", "owner"),
                "org.example.OnlyInOwner", TestJars.probe("OnlyInOwner", "owner")),
                Map.of("probe.txt", "owner", "owner-only.txt", "owner"));
        Path componentJar = TestJars.jar(tmp.resolve("component.jar"), Map.of(
                "org.example.Probe", TestJars.probe("Probe", "component"),
                "io.sluice.rpc.akka.Internal", "package io.sluice.rpc.akka; public class Internal {}"),
                Map.of("probe.txt", "component"));
        owner = new URLClassLoader(new URL[] {ownerJar.toUri().toURL()}, getClass().getClassLoader());
        component = new ComponentClassLoader("test-component", componentJar, owner);
    }

    @Test
    void theComponentsOwnClassesWinOverTheOwnersOfTheSameName() throws Exception {
        assertEquals("component", component.loadClass("org.example.Probe").getConstructor().newInstance().toString());
        assertEquals("owner", owner.loadClass("org.example.Probe").getConstructor().newInstance().toString());
        assertSame(component, component.loadClass("io.sluice.rpc.akka.Internal").getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> owner.loadClass("io.sluice.rpc.akka.Internal"),
                "the owner never sees the component's classes");
    }

    @Test
    void sharedClassesComeFromTheOwnerSoBothSidesMeanTheSameType() throws Exception {
        assertSame(RpcSystem.class, component.loadClass(RpcSystem.class.getName()));
        assertSame(String.class, component.loadClass("java.lang.String"));
        assertSame(org.slf4j.Logger.class, component.loadClass("org.slf4j.Logger"));
        // the JDK's other packages come from the platform
        assertSame(javax.net.ssl.SSLContext.class, component.loadClass("javax.net.ssl.SSLContext"));
    }

    @Test
    void nothingElseOfTheOwnersClassPathIsVisible() {
        // what the component lacks is missing, not taken from a job's jar or Hadoop's class path
        assertThrows(ClassNotFoundException.class, () -> component.loadClass("org.example.OnlyInOwner"));
        assertEquals(null, component.getResource("owner-only.txt"));
    }

    @Test
    void resourcesComeFromTheComponent() throws Exception {
        assertEquals("component", read(component.getResource("probe.txt")));
        try (InputStream in = component.getResourceAsStream("probe.txt")) {
            assertEquals("component", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<String> all = new ArrayList<>();
        for (URL url : Collections.list(component.getResources("probe.txt"))) {
            all.add(read(url));
        }
        assertEquals(List.of("component"), all);
    }

    private static String read(URL url) throws Exception {
        assertTrue(url != null, "resource found");
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
