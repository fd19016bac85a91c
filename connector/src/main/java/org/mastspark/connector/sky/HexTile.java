package org.mastspark.connector.sky;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serial;
import java.util.Arrays;

/**
 * A piece of a sky-tiled read that owns one hexagon of a {@link HexGrid} on the plane tangent to the
 * region's centre, and the cone that holds the hexagon's part of the region.
 *
 * <p>A hexagon of level 0 owns the points of the plane nearest its centre. Where a level was split (its
 * hexagons' cones held too many rows) the next level's hexagons own the points of the split hexagons: a
 * hexagon of level {@code L} owns a point when the point's hexagon at level {@code L} is this one and, at
 * every coarser level {@code l}, the point's hexagon is one of the split ones ({@link #split}{@code [l]}: those
 * of level {@code l} that meet this hexagon). Every point of the region therefore has exactly one owner.
 *
 * <p>Immutable and serializable (Java serialization also under Kryo).
 */
// Kryo (spark.serializer) writes it with Java serialization, as the other pieces.
@DefaultSerializer(JavaSerializer.class)
public final class HexTile implements SkyPiece {
    @Serial
    private static final long serialVersionUID = 1L;

    private final HexGrid grid;
    private final int level;
    private final long key;
    private final long[][] split;
    private final double ra;
    private final double dec;
    private final double radius;
    private final long rows;

    HexTile(HexGrid grid, int level, long key, long[][] split, double ra, double dec, double radius, long rows) {
        this.grid = grid;
        this.level = level;
        this.key = key;
        this.split = new long[split.length][];
        for (int l = 0; l < split.length; l++) {
            this.split[l] = split[l].clone();
        }
        this.ra = ra;
        this.dec = dec;
        this.radius = radius;
        this.rows = rows;
    }

    /** The grid level of the hexagon (0 for the coarsest). */
    public int level() {
        return level;
    }

    HexGrid grid() {
        return grid;
    }

    long key() {
        return key;
    }

    @Override
    public double ra() {
        return ra;
    }

    @Override
    public double dec() {
        return dec;
    }

    @Override
    public double radius() {
        return radius;
    }

    @Override
    public long rows() {
        return rows;
    }

    @Override
    public boolean ownsAll() {
        return false;
    }

    @Override
    public boolean owns(double pra, double pdec) {
        double[] xy = grid.project(pra, pdec);
        if (xy == null || grid.key(level, xy[0], xy[1]) != key) {
            return false;
        }
        for (int l = 0; l < level; l++) {
            long k = grid.key(l, xy[0], xy[1]);
            boolean found = false;
            for (long s : split[l]) {
                found |= s == k;
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /** Orders tiles by level, then hexagon. */
    static int compare(HexTile a, HexTile b) {
        int c = Integer.compare(a.level, b.level);
        return c != 0 ? c : Long.compare(a.key, b.key);
    }

    @Override
    public String toString() {
        return "hexagon " + level + "/" + HexGrid.q(key) + "," + HexGrid.r(key) + " cone(" + ra + ", " + dec + ", r="
                + radius + ") " + (rows == SkyTile.UNCOUNTED ? "uncounted" : rows + " rows");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HexTile t
                && t.level == level
                && t.key == key
                && Arrays.deepEquals(t.split, split)
                && t.ra == ra
                && t.dec == dec
                && t.radius == radius
                && t.rows == rows
                && t.grid.ra() == grid.ra()
                && t.grid.dec() == grid.dec()
                && t.grid.size() == grid.size()
                && t.grid.originX() == grid.originX()
                && t.grid.originY() == grid.originY();
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key) * 31 + level;
    }
}
