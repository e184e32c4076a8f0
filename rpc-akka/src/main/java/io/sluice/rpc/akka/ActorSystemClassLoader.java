package io.sluice.rpc.akka;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader the actor system gets: its parent for everything except the jar manifests.
 *
 * <p>Every actor system reads {@code META-INF/MANIFEST.MF} of every jar it can see to check that all
 * Akka modules have the same version. The shaded jars drop the modules' manifests, so the check cannot
 * find anything; what it does cost, on a flat class path (development, tests), is reading the manifests
 * of every jar and verifying the signed ones: on a YARN container's ~200 Hadoop jars a quarter of a
 * second of every start. (In the distribution the parent is the RPC component's loader, which sees its
 * own jar and the JDK only.)
 */
final class ActorSystemClassLoader extends ClassLoader {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    static {
        registerAsParallelCapable();
    }

    ActorSystemClassLoader(ClassLoader parent) {
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
