package io.sluice.api;

/** The program cannot be turned into a runnable job; the message says what to change. */
public class InvalidJobException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidJobException(String message) {
        super(message);
    }

    public InvalidJobException(String message, Throwable cause) {
        super(message, cause);
    }
}
