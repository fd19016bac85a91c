package org.mastspark.connector.read.missions;

import java.io.Serializable;
import org.mastspark.connector.sky.SkyMath;

/**
 * The columns of a mission search answer that describe the search, not the dataset, recomputed for a
 * tiled read from the user's cone exactly as MAST computes them for one cone: {@code search_pos} the
 * target as sent ({@code "<ra> <dec>"}), {@code search_key} that text followed by the dataset id, and
 * {@code ang_sep} the separation of the dataset's position from the target, in arc minutes.
 * Each tile's answer holds them relative to the tile's cone. Immutable and serializable.
 *
 * @param searchPos the user's target as MAST's {@code search_pos} shows it
 * @param ra the target's right ascension as MAST reads it from {@code searchPos}, degrees
 * @param dec the target's declination, degrees
 * @param posSlot layout position of {@code search_pos}, or -1 when not read
 * @param keySlot layout position of {@code search_key}, or -1
 * @param sepSlot layout position of {@code ang_sep}, or -1
 * @param idSlot layout position of the dataset id (for {@code search_key}), or -1
 */
record SearchColumns(String searchPos, double ra, double dec, int posSlot, int keySlot, int sepSlot, int idSlot)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The columns for a target text {@code "<ra> <dec>"} as the read sends it. */
    static SearchColumns of(String searchPos, int posSlot, int keySlot, int sepSlot, int idSlot) {
        String[] parts = searchPos.trim().split("\\s+");
        double ra = Double.parseDouble(parts[0]) % 360.0;
        return new SearchColumns(
                searchPos, ra < 0 ? ra + 360.0 : ra, Double.parseDouble(parts[1]), posSlot, keySlot, sepSlot, idSlot);
    }

    /** Whether any of the three columns is read. */
    boolean any() {
        return posSlot >= 0 || keySlot >= 0 || sepSlot >= 0;
    }

    /** Sets the three columns of a row whose position is {@code (rowRa, rowDec)}. */
    void rewrite(Object[] row, double rowRa, double rowDec) {
        if (posSlot >= 0) {
            row[posSlot] = searchPos;
        }
        if (keySlot >= 0) {
            Object id = idSlot >= 0 ? row[idSlot] : null;
            row[keySlot] = id == null ? null : searchPos + id;
        }
        if (sepSlot >= 0) {
            row[sepSlot] = angSepArcmin(ra, dec, rowRa, rowDec);
        }
    }

    /** Great-circle distance in arc minutes (MAST's answers agree with it to about 1e-14, relatively). */
    static double angSepArcmin(double ra1, double dec1, double ra2, double dec2) {
        return SkyMath.angularDistanceDeg(ra1, dec1, ra2, dec2) * 60;
    }
}
