package org.mastspark.connector.sky;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * One piece of a sky-tiled read: a nested HEALPix cell and the cone that MAST is asked for (the cell's
 * circumscribing cone, or for a cell on the region's rim a smaller cone holding the cell's part of the
 * region). Rows the cone returns belong to the tile only when their own position falls in
 * the cell ({@link #owns}); every point of the sky falls in exactly one cell of an order, so neighbouring
 * tiles never both keep a row and no row between them is lost.
 *
 * <p>The whole-region tile ({@link #order} -1) is used when one request can answer the region: it owns
 * every row its cone returns.
 *
 * <p>Tiles of a plan for a service that cannot count rows ({@link SkyTiler#fixed}) carry {@link #UNCOUNTED}
 * as their rows.
 *
 * @param order HEALPix order of the cell, 0 to 29, or -1 for the whole-region tile
 * @param cell nested index of the cell at {@code order} (-1 for the whole-region tile)
 * @param ra centre of the cone asked, degrees
 * @param dec centre of the cone asked, degrees
 * @param radius radius of the cone asked, degrees
 * @param rows rows the service reported in the cone (not only in the cell), or {@link #UNCOUNTED}
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record SkyTile(int order, long cell, double ra, double dec, double radius, long rows)
        implements Serializable, SkyPiece {
    private static final long serialVersionUID = 1L;

    /** The {@link #rows} of a tile whose cone was not counted. */
    public static final long UNCOUNTED = -1;

    /** The tile of one HEALPix cell, asked with its circumscribing cone. */
    public static SkyTile ofCell(int order, long cell, long rows) {
        double[] c = Healpix.center(order, cell);
        return new SkyTile(order, cell, c[0], c[1], Healpix.circumscribingRadius(order, cell), rows);
    }

    /** Whether this is the whole-region tile ({@link #order} -1). */
    @Override
    public boolean ownsAll() {
        return order < 0;
    }

    /** Whether a row at {@code (ra, dec)} belongs to this tile (its cell holds the point). */
    @Override
    public boolean owns(double pra, double pdec) {
        return order < 0 || Healpix.nest(order, pra, pdec) == cell;
    }

    @Override
    public String toString() {
        return (order < 0 ? "region" : "cell " + order + "/" + cell) + " cone(" + ra + ", " + dec + ", r=" + radius
                + ") " + (rows == UNCOUNTED ? "uncounted" : rows + " rows");
    }
}
