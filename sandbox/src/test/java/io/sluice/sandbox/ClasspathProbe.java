package io.sluice.sandbox;

/** Run in a YARN container by the tests: its class must not be found there (only Hadoop is). */
public final class ClasspathProbe {
    public static void main(String[] args) {
        System.out.println("ClasspathProbe loaded: the container sees the test classpath");
    }
}
