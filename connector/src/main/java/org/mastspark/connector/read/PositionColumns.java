package org.mastspark.connector.read;

/**
 * The columns of a source that hold each row's sky position, the ones MAST's position search tests: a cone on
 * them written in SQL ({@code mast.in_cone(ra, dec, ...)}) can be sent to MAST as the read's search region.
 *
 * @param ra the right ascension column, degrees
 * @param dec the declination column, degrees
 */
public record PositionColumns(String ra, String dec) {
    /** Whether {@code (raName, decName)} name these columns (Spark compares names ignoring case by default). */
    public boolean matches(String raName, String decName) {
        return ra.equalsIgnoreCase(raName) && dec.equalsIgnoreCase(decName);
    }

    @Override
    public String toString() {
        return "(" + ra + ", " + dec + ")";
    }
}
