package io.sluice.rpc.akka;

import io.sluice.rpc.ComponentClassLoader;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The class loader the actor system gets: classes as its parent loads them; resources of the RPC
 * component alone when it runs in a {@link ComponentClassLoader} (the distribution), so that a
 * {@code reference.conf} of another Akka on the class path (a job's jar) never mixes into ours; and
 * no jar manifests.
 *
 * <p>Every actor system reads {@code META-INF/MANIFEST.MF} of every jar it can see to check that all
 * Akka modules have the same version. The shaded jars drop the modules' manifests, so the check cannot
 * find anything; what it does cost, on a flat class path, is reading the manifests of the ~200 Hadoop
 * jars of a YARN container and verifying the signed ones: a quarter of a second of every start.
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
    public URL getResource(String name) {
        if (getParent() instanceof ComponentClassLoader component) {
            try {
                Enumeration<URL> own = component.ownResources(name);
                return own.hasMoreElements() ? own.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (MANIFEST.equals(name)) {
            return Collections.emptyEnumeration();
        }
        if (getParent() instanceof ComponentClassLoader component) {
            return component.ownResources(name);
        }
        return super.getResources(name);
    }
}
