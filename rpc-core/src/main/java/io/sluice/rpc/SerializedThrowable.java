package io.sluice.rpc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;

/**
 * A failure that crossed a process boundary. The original exception class may not exist on the
 * receiving side (user code), so the class name, message and printed stack trace travel as text.
 */
public final class SerializedThrowable extends Exception {

    private final String originalClassName;
    private final String originalStackTrace;

    public SerializedThrowable(String originalClassName, String message, String originalStackTrace,
                               SerializedThrowable cause) {
        super(message, cause, false, false);
        this.originalClassName = originalClassName;
        this.originalStackTrace = originalStackTrace;
    }

    /** Captures {@code t} and its causes; a SerializedThrowable is returned as is. */
    public static SerializedThrowable of(Throwable t) {
        if (t instanceof SerializedThrowable s) {
            return s;
        }
        SerializedThrowable cause = t.getCause() == null || t.getCause() == t ? null : of(t.getCause());
        return new SerializedThrowable(t.getClass().getName(), t.getMessage(), stackTraceOf(t), cause);
    }

    public static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    public String originalClassName() {
        return originalClassName;
    }

    /** The stack trace as the original side printed it, causes included. */
    public String originalStackTrace() {
        return originalStackTrace;
    }

    /** True when this failure or one of its causes was a {@code type} on the original side. */
    public static boolean isCausedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)
                    || (c instanceof SerializedThrowable s && Objects.equals(s.originalClassName, type.getName()))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        String message = getMessage();
        return message == null ? originalClassName : originalClassName + ": " + message;
    }
}
