package org.mastspark.connector.client;

/**
 * MAST answered a request with {@code status: "ERROR"}: the query itself is wrong (bad parameters,
 * unknown service). Not retried. The message carries the service name and MAST's own message.
 */
public final class MastServiceException extends MastException {
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String mastMessage;

    public MastServiceException(String service, String mastMessage) {
        super("MAST service " + service + " returned an error: "
                + (mastMessage == null || mastMessage.isBlank() ? "(no message)" : mastMessage));
        this.service = service;
        this.mastMessage = mastMessage;
    }

    public String service() {
        return service;
    }

    public String mastMessage() {
        return mastMessage;
    }
}
