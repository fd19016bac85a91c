package org.mastspark.connector.fits;

import java.io.IOException;

/**
 * A file that cannot be read as the read asks: not FITS, truncated, lacking the HDU, or with other columns.
 * Its message names the file and the problem; mode PERMISSIVE skips the file, FAILFAST fails the read with it.
 */
final class FitsFileException extends IOException {
    private static final long serialVersionUID = 1L;

    FitsFileException(String message) {
        super(message);
    }

    FitsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
