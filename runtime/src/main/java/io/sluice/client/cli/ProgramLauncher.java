package io.sluice.client.cli;

import io.sluice.usercode.UserCodeClassLoading;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Finds a job jar's entry class and runs its main() in a class loader over the jar. */
final class ProgramLauncher {

    private final Path jar;
    private final String entryClass;
    private final UserCodeClassLoading loading;

    ProgramLauncher(Path jar, String entryClassOrNull, UserCodeClassLoading loading) {
        if (!Files.isRegularFile(jar)) {
            throw new CliException("jar file '" + jar + "' does not exist: give the path of the job's jar");
        }
        this.jar = jar;
        this.entryClass = entryClassOrNull != null ? entryClassOrNull : manifestMainClass(jar);
        this.loading = loading;
    }

    private static String manifestMainClass(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            if (main == null || main.isBlank()) {
                throw new CliException("jar '" + jar + "' names no Main-Class in its manifest: give the entry class with -c <class>");
            }
            return main.trim();
        } catch (IOException e) {
            throw new CliException("'" + jar + "' is not a readable jar file: " + e.getMessage());
        }
    }

    String entryClass() {
        return entryClass;
    }

    /** Runs main(args); an exception thrown by main() comes out as {@link ProgramFailedException}. */
    void run(List<String> args) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = loading.create("user-jar", new URL[] {jar.toUri().toURL()},
                ProgramLauncher.class.getClassLoader())) {
            Method main;
            try {
                main = Class.forName(entryClass, false, loader).getMethod("main", String[].class);
            } catch (ClassNotFoundException e) {
                throw new CliException("entry class '" + entryClass + "' is not in '" + jar + "'");
            } catch (NoSuchMethodException e) {
                throw new CliException("entry class '" + entryClass + "' has no 'public static void main(String[])'");
            }
            if (!Modifier.isStatic(main.getModifiers())) {
                throw new CliException("main() of '" + entryClass + "' is not static");
            }
            Thread.currentThread().setContextClassLoader(loader);
            main.invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw new ProgramFailedException(entryClass, e.getCause());
        } catch (IllegalAccessException | IOException e) {
            throw new CliException("cannot run '" + entryClass + "': " + e.getMessage());
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /** The user's main() threw. */
    static final class ProgramFailedException extends RuntimeException {
        ProgramFailedException(String entryClass, Throwable cause) {
            super("the program's main() (" + entryClass + ") failed: " + cause, cause);
        }
    }
}
