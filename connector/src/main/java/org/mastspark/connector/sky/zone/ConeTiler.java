package org.mastspark.connector.sky.zone;

import java.io.Serializable;
import java.util.List;

/**
 * Covers a sky cone larger than one request may ask with tiles whose query cones stay within a
 * service's limit (30 arcmin for the Mission Search API, 0.5 degree for Pan-STARRS). A read asks each
 * tile's cone and keeps a row only if its own tile owns the row's position and the position lies in the
 * user's cone: no duplicates at tile borders, no losses.
 *
 * <p>The mission and Pan-STARRS reads tile with it. Unlike the catalog reads' HEALPix
 * {@link org.mastspark.connector.sky.SkyTiler}, it needs no row counts: the tiles are a fixed grid, and a
 * tile holding many rows is paged by the service.
 *
 * <p>Contract: the tiles' owned areas are disjoint and together contain the user's cone; each owned area
 * lies inside its tile's query cone; each query radius is at most {@code maxTileRadiusDeg}.
 */
public interface ConeTiler extends Serializable {
    /**
     * @param ra centre of the user's cone, degrees
     * @param dec centre, degrees
     * @param radiusDeg the user's radius, degrees
     * @param maxTileRadiusDeg the largest cone one request may ask
     */
    List<ConeTile> cover(double ra, double dec, double radiusDeg, double maxTileRadiusDeg);

    /** The tiler of the mission and Pan-STARRS reads: {@link ZoneTiler}. */
    static ConeTiler standard() {
        return new ZoneTiler();
    }
}
