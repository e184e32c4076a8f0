package io.sluice.usercode;

import io.sluice.classloading.ChildFirstClassLoader;
import java.net.URL;
import java.util.List;

/**
 * The child-first loader of a job's jars. Besides the parent-first packages, Hadoop's configuration
 * files ({@code core-site.xml}, {@code core-default.xml}, ...) come from the class path first: a fat
 * job jar that bundles Hadoop would otherwise give a task's {@code new Configuration()} its own
 * defaults instead of the cluster's settings.
 */
final class UserCodeClassLoader extends ChildFirstClassLoader {

    static {
        registerAsParallelCapable();
    }

    UserCodeClassLoader(String name, URL[] jars, ClassLoader parent, List<String> parentFirst) {
        super(name, jars, parent, parentFirst, List.of());
    }

    @Override
    protected boolean isParentFirstResource(String name) {
        return super.isParentFirstResource(name) || isHadoopConfiguration(name);
    }

    static boolean isHadoopConfiguration(String name) {
        return name.indexOf('/') < 0 && (name.endsWith("-site.xml") || name.endsWith("-default.xml"));
    }
}
