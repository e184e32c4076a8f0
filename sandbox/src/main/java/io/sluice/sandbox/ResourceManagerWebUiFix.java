package io.sluice.sandbox;

import java.lang.reflect.Field;
import org.apache.hadoop.yarn.server.resourcemanager.ResourceManager;

/**
 * Makes the ResourceManager's web UI and REST API answer in a JVM that also runs NodeManagers.
 *
 * <p>Hadoop's web apps install Guice's {@code GuiceFilter}, whose route table (the "pipeline") is a
 * static field: one per JVM. Every web app started in the JVM overwrites it, so with
 * MiniYARNCluster the last NodeManager's routes win and the ResourceManager answers 404 for
 * {@code /cluster/apps} and {@code /ws/v1/cluster/*}. Putting the ResourceManager's own pipeline back
 * after everything has started fixes the ResourceManager (the NodeManagers' pages, which nobody
 * needs in a sandbox, then answer 404). The RM web proxy ({@code /proxy/<appId>/}) is a plain servlet
 * and works either way; the tracking links that lead to it need {@link #setProxyAddress}.
 */
final class ResourceManagerWebUiFix {

    private ResourceManagerWebUiFix() {}

    static void apply(ResourceManager resourceManager) {
        try {
            Object webApp = field(ResourceManager.class, "webApp").get(resourceManager);
            if (webApp == null) {
                throw new IllegalStateException("the ResourceManager has no web app (not started?)");
            }
            Object guiceFilter = field(org.apache.hadoop.yarn.webapp.WebApp.class, "guiceFilter").get(webApp);
            Class<?> guiceFilterClass = Class.forName("com.google.inject.servlet.GuiceFilter");
            Object pipeline = field(guiceFilterClass, "injectedPipeline").get(guiceFilter);
            field(guiceFilterClass, "pipeline").set(null, pipeline);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot install the ResourceManager web UI routes (Hadoop or Guice internals changed?)", e);
        }
    }

    /**
     * Sets the address in the applications' tracking URLs ({@code http://<this>/proxy/<appId>/}). The
     * ResourceManager computes it once from its configuration and caches it; in MiniYARNCluster that
     * happens while the web app still has port 0, so every tracking link would point at port 0.
     */
    static void setProxyAddress(ResourceManager resourceManager, String webAddress) {
        try {
            Object context = resourceManager.getRMContext();
            Field cached = field(Class.forName("org.apache.hadoop.yarn.server.resourcemanager.RMContextImpl"),
                    "proxyHostAndPort");
            cached.set(context, webAddress);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot set the ResourceManager's proxy address (Hadoop internals changed?)", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
