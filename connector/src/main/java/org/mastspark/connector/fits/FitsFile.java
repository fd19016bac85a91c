package org.mastspark.connector.fits;

import java.io.Serializable;

/**
 * A file of a read: its fully qualified URI and size in bytes (as listed on the driver).
 *
 * @param path the fully qualified URI, as column {@code path} shows it
 */
record FitsFile(String path, long length) implements Serializable {}
