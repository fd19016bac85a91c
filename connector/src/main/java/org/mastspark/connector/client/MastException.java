package org.mastspark.connector.client;

/**
 * A MAST request failed. Messages name the service or endpoint and what went wrong; they never contain a
 * token or cookie.
 */
public class MastException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MastException(String message) {
        super(message);
    }

    public MastException(String message, Throwable cause) {
        super(message, cause);
    }
}
