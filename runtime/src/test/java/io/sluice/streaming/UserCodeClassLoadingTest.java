package io.sluice.streaming;

import io.sluice.translation.JobGraphGenerator;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.StreamEnvironment;
import io.sluice.api.functions.MapFunction;
import io.sluice.graph.JobGraph;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * User functions compiled into a "job jar" that only a separate class loader sees, as on a cluster:
 * the task must resolve lambdas and user classes through {@code env.userClassLoader()}.
 */
class UserCodeClassLoadingTest {

    private static final String USER_CODE = """
            package userjob;

            import io.sluice.api.functions.MapFunction;

            public class UserFunctions {
                public static MapFunction<Long, String> tagger(String prefix) {
                    return x -> prefix + x;
                }

                public static class AddTen implements MapFunction<Long, Long> {
                    public Long map(Long x) {
                        return x + 10;
                    }
                }
            }
            """;

    @TempDir
    Path tmp;

    @Test
    void lambdaFromTheUserClassLoaderRunsInTheTask() throws Exception {
        try (URLClassLoader userJar = compileUserJar()) {
            JobGraph graph = jobGraph(userJar, tmp.resolve("out"));

            new StreamTask(TestTaskEnvironment.of(graph, graph.vertices().get(0), 0, 0, userJar)).invoke();

            assertEquals("v11\nv12\nv13\n", Files.readString(tmp.resolve("out").resolve("part-0")));
        }
    }

    @Test
    void userClassMissingFromTheClassLoaderFailsTheTaskNamingTheClass() throws Exception {
        try (URLClassLoader userJar = compileUserJar()) {
            JobGraph graph = jobGraph(userJar, tmp.resolve("out"));
            ClassLoader withoutUserJar = getClass().getClassLoader();

            OperatorException e = assertThrows(OperatorException.class, () -> new StreamTask(
                    TestTaskEnvironment.of(graph, graph.vertices().get(0), 0, 0, withoutUserJar)).invoke());

            assertTrue(e.getMessage().startsWith("cannot load the user code of operator 'Add ten'"), e.getMessage());
            assertTrue(e.getMessage().contains("class userjob.UserFunctions$AddTen is not in the job's class loader"),
                    e.getMessage());
            assertEquals(List.of(), StreamTaskTest.visibleFiles(tmp.resolve("out")));
        }
    }

    @Test
    void lambdaWhoseCapturingClassIsMissingFailsNamingTheClass() throws Exception {
        try (URLClassLoader userJar = compileUserJar()) {
            StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(1);
            env.fromSequence(1, 3).map(tagger(userJar)).name("Tag").discard();
            JobGraph graph = JobGraphGenerator.translate(env.getStreamGraph("lambda"));

            OperatorException e = assertThrows(OperatorException.class, () -> new StreamTask(
                    TestTaskEnvironment.of(graph, graph.vertices().get(0), 0, 0, getClass().getClassLoader())).invoke());

            assertTrue(e.getMessage().startsWith("cannot load the user code of operator 'Tag'"), e.getMessage());
            assertTrue(e.getMessage().contains("userjob.UserFunctions"), e.getMessage());
        }
    }

    private JobGraph jobGraph(ClassLoader userJar, Path out) throws Exception {
        @SuppressWarnings("unchecked")
        MapFunction<Long, Long> addTen = (MapFunction<Long, Long>) userJar
                .loadClass("userjob.UserFunctions$AddTen").getConstructor().newInstance();
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().setParallelism(1);
        env.fromSequence(1, 3).map(addTen).name("Add ten").map(tagger(userJar)).name("Tag").writeAsText(out.toString());
        return JobGraphGenerator.translate(env.getStreamGraph("user code"));
    }

    @SuppressWarnings("unchecked")
    private static MapFunction<Long, String> tagger(ClassLoader userJar) throws Exception {
        return (MapFunction<Long, String>) userJar.loadClass("userjob.UserFunctions")
                .getMethod("tagger", String.class).invoke(null, "v");
    }

    /** Compiles {@link #USER_CODE} into a directory only the returned class loader reads. */
    private URLClassLoader compileUserJar() throws Exception {
        Path sources = Files.createDirectories(tmp.resolve("src/userjob"));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        Path source = Files.writeString(sources.resolve("UserFunctions.java"), USER_CODE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        String apiClasses = Path.of(MapFunction.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int exit = javac.run(null, null, null, "-classpath", apiClasses, "-d", classes.toString(), source.toString());
        assertEquals(0, exit, "compiling the user code failed");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("userjob.UserFunctions"));
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    }
}
