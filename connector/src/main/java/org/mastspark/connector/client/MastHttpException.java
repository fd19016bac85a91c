package org.mastspark.connector.client;

/** MAST answered with an HTTP error status that retrying does not cure (or retries ran out). */
public final class MastHttpException extends MastException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public MastHttpException(String what, int status, String detail) {
        super(what + " failed: HTTP " + status + hint(status)
                + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    public int status() {
        return status;
    }

    private static String hint(int status) {
        return switch (status) {
            case 401 -> " (no MAST token, or the token is invalid: set option 'token' or MAST_API_TOKEN)";
            case 403 -> " (the MAST token lacks access to this exclusive-access data)";
            case 404 -> " (not found)";
            case 414 -> " (request URI too long)";
            case 429 -> " (MAST is throttling requests)";
            case 503 -> " (MAST is unavailable or overloaded)";
            default -> "";
        };
    }
}
