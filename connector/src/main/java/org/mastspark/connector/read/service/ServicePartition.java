package org.mastspark.connector.read.service;

import java.util.Objects;
import org.apache.spark.sql.connector.read.InputPartition;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.rows.RowCursor;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.sky.zone.ConeTile;
import org.mastspark.connector.sky.zone.ZoneMath;

/**
 * One Spark partition of a read through one of MAST's JSON service APIs (Mission Search, catalogs): what
 * to ask (the subclass opens the cursor on the executor), the layout to read rows into (the output
 * columns first, then any columns needed only to place rows on the sky), and, for a tiled read, the tile
 * and the user's cone: a row is kept only if its tile owns its position and it lies in the cone.
 * Immutable and serializable; holds no client.
 */
public abstract class ServicePartition implements InputPartition {
    private static final long serialVersionUID = 1L;

    private final RowLayout layout;
    private final int outputWidth;
    private final ConeTile tile;
    private final double[] cone;
    private final int raSlot;
    private final int decSlot;
    private final long limit;

    /**
     * @param layout the columns read from each row: output columns, then helper columns
     * @param outputWidth how many leading layout columns are output
     * @param tile the tile of a tiled read, or null
     * @param cone the user's cone {@code [ra, dec, radiusDeg]} of a tiled read, or null
     * @param raSlot layout position of the row's right ascension (tiled reads), else -1
     * @param decSlot layout position of the row's declination (tiled reads), else -1
     * @param limit most rows this partition returns, or -1
     */
    protected ServicePartition(
            RowLayout layout, int outputWidth, ConeTile tile, double[] cone, int raSlot, int decSlot, long limit) {
        this.layout = Objects.requireNonNull(layout);
        this.outputWidth = outputWidth;
        this.tile = tile;
        this.cone = cone == null ? null : cone.clone();
        this.raSlot = raSlot;
        this.decSlot = decSlot;
        this.limit = limit;
        if (tile != null && (cone == null || raSlot < 0 || decSlot < 0)) {
            throw new IllegalArgumentException("A tiled partition needs the user's cone and the position columns");
        }
    }

    /** Opens the cursor (on the executor). */
    public abstract RowCursor open(ClientMetrics metrics);

    /** For plans and messages. */
    public abstract String describe();

    public RowLayout layout() {
        return layout;
    }

    public int outputWidth() {
        return outputWidth;
    }

    public long limit() {
        return limit;
    }

    public ConeTile tile() {
        return tile;
    }

    /** Whether a row belongs to this partition's output: always, unless the read is tiled. */
    public boolean keeps(Object[] row) {
        if (tile == null) {
            return true;
        }
        if (!(row[raSlot] instanceof Double ra) || !(row[decSlot] instanceof Double dec)) {
            // A row without a position cannot lie in the cone (the service matched it by position).
            return false;
        }
        return tile.owns(ra, dec) && ZoneMath.separationDeg(cone[0], cone[1], ra, dec) <= cone[2];
    }

    /**
     * Rewrites, in place, the values of a kept row that describe the search rather than the row (a
     * tiled read asks each tile's cone, but these must describe the user's); nothing by default.
     */
    public void rewrite(Object[] row) {}

    /** Layout position of the row's right ascension in a tiled read, else -1. */
    protected final int raSlot() {
        return raSlot;
    }

    /** Layout position of the row's declination in a tiled read, else -1. */
    protected final int decSlot() {
        return decSlot;
    }

    @Override
    public String toString() {
        return describe();
    }
}
