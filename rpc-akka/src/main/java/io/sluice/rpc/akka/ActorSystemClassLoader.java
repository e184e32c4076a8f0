package io.sluice.rpc.akka;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader the actor system gets: its parent for everything except the jar manifests.
 *
 * <p>Every actor system reads {@code META-INF/MANIFEST.MF} of every jar on the class path to check that
 * all Akka modules have the same version. In the distribution Akka is inside {@code sluice-dist.jar},
 * whose shading drops the modules' manifests, so the check cannot find anything; what it does cost is
 * reading the manifests of the ~200 Hadoop jars of a YARN container's class path, and verifying the
 * signed ones: about a quarter of a second of every JobManager's and TaskManager's start.
 */
final class ManifestHidingClassLoader extends ClassLoader {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    static {
        registerAsParallelCapable();
    }

    ManifestHidingClassLoader(ClassLoader parent) {
        super("sluice-akka", parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (MANIFEST.equals(name)) {
            return Collections.emptyEnumeration();
        }
        return super.getResources(name);
    }
}
