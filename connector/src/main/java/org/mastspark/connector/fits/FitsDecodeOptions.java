package org.mastspark.connector.fits;

import java.io.Serializable;

/**
 * How column values are turned into Spark values (CONTRACT between the decoder and the source; the decoder
 * helper owns this file and may add settings).
 *
 * <p>A final class with a record's API rather than a record: Spark's Kryo (4.x) cannot build a
 * {@code FieldSerializer} for records, and these options travel inside {@link FitsTable} and {@link FitsImage}
 * to executors.
 */
public final class FitsDecodeOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The defaults: as astropy reads a table (scaled, TNULL masked, TDIM shaped). */
    public static final FitsDecodeOptions DEFAULTS = new FitsDecodeOptions(true, true, true);

    private final boolean applyScaling;
    private final boolean nullValues;
    private final boolean nestedArrays;

    /**
     * @param applyScaling apply TSCALn/TZEROn (BSCALE/BZERO for images); the unsigned conventions become the next
     *     wider integer type, other scaling gives doubles
     * @param nullValues TNULLn (BLANK for integer images) becomes SQL NULL
     * @param nestedArrays TDIMn cells as nested arrays (slowest FITS axis outermost); false gives flat arrays
     */
    public FitsDecodeOptions(boolean applyScaling, boolean nullValues, boolean nestedArrays) {
        this.applyScaling = applyScaling;
        this.nullValues = nullValues;
        this.nestedArrays = nestedArrays;
    }

    /** Apply TSCALn/TZEROn (BSCALE/BZERO). */
    public boolean applyScaling() {
        return applyScaling;
    }

    /** TNULLn (BLANK) becomes SQL NULL. */
    public boolean nullValues() {
        return nullValues;
    }

    /** TDIMn cells (and images) as nested arrays; false gives flat arrays. */
    public boolean nestedArrays() {
        return nestedArrays;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FitsDecodeOptions other
                && applyScaling == other.applyScaling
                && nullValues == other.nullValues
                && nestedArrays == other.nestedArrays;
    }

    @Override
    public int hashCode() {
        return (applyScaling ? 4 : 0) + (nullValues ? 2 : 0) + (nestedArrays ? 1 : 0);
    }

    @Override
    public String toString() {
        return "FitsDecodeOptions[applyScaling=" + applyScaling + ", nullValues=" + nullValues + ", nestedArrays="
                + nestedArrays + "]";
    }
}
