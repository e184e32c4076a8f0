package io.sluice.rpc.akka;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActorSystemClassLoaderTest {

    private final ClassLoader parent = ActorSystemClassLoaderTest.class.getClassLoader();
    private final ActorSystemClassLoader loader = new ActorSystemClassLoader(parent);

    @Test
    void hidesTheJarManifestsAkkaScansAtStart() throws Exception {
        assertTrue(parent.getResources("META-INF/MANIFEST.MF").hasMoreElements(), "the test class path has jars");
        assertFalse(loader.getResources("META-INF/MANIFEST.MF").hasMoreElements());
    }

    @Test
    void passesEverythingElseToItsParent() throws Exception {
        // Akka's reference.conf and its classes must come through unchanged
        assertTrue(loader.getResources("reference.conf").hasMoreElements());
        assertSame(akka.actor.ActorSystem.class, Class.forName("akka.actor.ActorSystem", false, loader));
        assertSame(AkkaRpcService.class, loader.loadClass(AkkaRpcService.class.getName()));
    }
}
