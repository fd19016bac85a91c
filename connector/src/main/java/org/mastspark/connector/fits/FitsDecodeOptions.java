package org.mastspark.connector.fits;

import java.io.Serializable;

/**
 * How column values are turned into Spark values (CONTRACT between the decoder and the source; the decoder
 * helper owns this file and may add settings).
 *
 * @param applyScaling apply TSCALn/TZEROn (BSCALE/BZERO for images); the unsigned conventions become the next
 *     wider integer type, other scaling gives doubles
 * @param nullValues TNULLn (BLANK for integer images) becomes SQL NULL
 * @param nestedArrays TDIMn cells as nested arrays (slowest FITS axis outermost); false gives flat arrays
 */
public record FitsDecodeOptions(boolean applyScaling, boolean nullValues, boolean nestedArrays)
        implements Serializable {
    /** The defaults: as astropy reads a table (scaled, TNULL masked, TDIM shaped). */
    public static final FitsDecodeOptions DEFAULTS = new FitsDecodeOptions(true, true, true);
}
