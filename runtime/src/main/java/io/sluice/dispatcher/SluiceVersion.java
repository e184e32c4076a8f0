package io.sluice.dispatcher;

/** The version of the running Sluice build, from the jar manifest ("dev" when run from classes). */
public final class SluiceVersion {
    private SluiceVersion() {}

    public static String get() {
        String v = SluiceVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
