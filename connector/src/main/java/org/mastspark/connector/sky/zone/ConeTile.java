package org.mastspark.connector.sky.zone;

import java.io.Serializable;

/**
 * One tile of a {@link ConeTiler}'s cover: the cone that asks a service for it, and the exclusive area it
 * owns. Every sky position is owned by exactly one tile of a tiling, so rows that several tiles' cones
 * return (near borders) are kept once: by the tile that owns their position. Immutable.
 */
public interface ConeTile extends Serializable {
    /** Centre of the tile's query cone, degrees. */
    double ra();

    double dec();

    /** Radius of the tile's query cone, degrees: it contains the whole owned area. */
    double radius();

    /** Whether the position (degrees) lies in this tile's exclusive area. */
    boolean owns(double ra, double dec);

    /** A short stable name for plans and logs. */
    String id();
}
