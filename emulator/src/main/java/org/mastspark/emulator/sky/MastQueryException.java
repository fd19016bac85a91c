package org.mastspark.emulator.sky;

/**
 * A request MAST would answer with {@code {"status": "ERROR", "msg": ...}}: bad or missing service
 * parameters. The message is what MAST puts in {@code msg}.
 */
public final class MastQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MastQueryException(String message) {
        super(message);
    }
}
