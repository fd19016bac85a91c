package org.mastspark.connector.sky;

import java.io.Serializable;

/**
 * One piece of a sky-tiled read: the cone MAST is asked for, and the part of the sky whose rows the piece
 * keeps ({@link #owns}). The pieces of a plan own disjoint parts of the sky that together hold the whole
 * region, and each piece's cone holds all of its part, so every row of the region is kept exactly once.
 * Implementations are immutable and serializable (partitions carry them to executors).
 *
 * <p>{@link SkyTile} owns a nested HEALPix cell; {@link HexTile} owns a hexagon of a grid on the region's
 * tangent plane (hexagons waste less of their circumscribing cone than HEALPix cells).
 */
public interface SkyPiece extends Serializable {
    /** Centre of the cone asked, degrees. */
    double ra();

    /** Centre of the cone asked, degrees. */
    double dec();

    /** Radius of the cone asked, degrees. */
    double radius();

    /** Rows the service reported in the cone (not only in the piece's part), or {@link SkyTile#UNCOUNTED}. */
    long rows();

    /** Whether the piece owns every row its cone returns (the whole-region piece: MAST's answer is the region). */
    boolean ownsAll();

    /** Whether a row at {@code (ra, dec)} belongs to this piece. */
    boolean owns(double ra, double dec);
}
