package io.sluice.config;

/**
 * A configuration value or file that a user got wrong. The message always names the key or file, the
 * offending value and what is allowed, so that it can be shown to the operator as it is.
 */
public class IllegalConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IllegalConfigurationException(String message) {
        super(message);
    }

    public IllegalConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
