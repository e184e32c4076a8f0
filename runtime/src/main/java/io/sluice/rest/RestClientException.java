package io.sluice.rest;

import java.io.IOException;
import java.util.List;

/**
 * A REST call that did not succeed. Either the server answered with a non-2xx status (then
 * {@link #statusCode()} and the server's {@link #errors()} are set), or it could not be reached
 * or understood (status {@link #NO_STATUS}). The message is meant to be shown to the user as is.
 */
public final class RestClientException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Status code when there was no HTTP answer at all. */
    public static final int NO_STATUS = -1;

    private final int statusCode;
    private final List<String> errors;

    public RestClientException(int statusCode, List<String> errors, String message) {
        super(message);
        this.statusCode = statusCode;
        this.errors = List.copyOf(errors);
    }

    public RestClientException(String message, Throwable cause) {
        super(message, cause);
        this.statusCode = NO_STATUS;
        this.errors = List.of();
    }

    public int statusCode() {
        return statusCode;
    }

    /** The {@code errors} list of the server's answer; empty if it sent none. */
    public List<String> errors() {
        return errors;
    }
}
