package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import java.util.List;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.connector.sky.SkyPiece;
import org.mastspark.connector.sky.SkyRegion;

/**
 * The one row filter of positional reads, applied by {@link MastPartitionReader} to each row as MAST sent it:
 * a sky-tiled partition keeps the rows whose own position lies in its tile's part of the sky ({@link SkyPiece#owns}:
 * each row in exactly one partition) and in the user's region; every kept row then gets the columns computed
 * from its position ({@link Computed}: distance from the search centre, HEALPix cell, a search's own columns).
 * Immutable, serializable.
 *
 * @param raSlot layout slot of the row's right ascension
 * @param decSlot layout slot of the row's declination
 * @param tile the partition's tile (a HEALPix cell or a hexagon), or null (or the whole-region tile) when MAST's
 *     answer is the region itself
 * @param region the user's region, re-checked on tiled reads; null when MAST's answer is the region
 * @param computed the columns computed for every kept row
 * @param what the service, for the message about a row without a position
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
public record SkyRows(int raSlot, int decSlot, SkyPiece tile, SkyRegion region, List<Computed> computed, String what)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public SkyRows {
        computed = List.copyOf(computed);
    }

    /** Whether rows are dropped by position (the partition reads a tile or re-checks the region). */
    public boolean tiled() {
        return (tile != null && !tile.ownsAll()) || region != null;
    }

    /**
     * Whether the partition keeps the sink's current row; if so, writes the computed columns into it.
     *
     * @throws MastException when a tiled read meets a row without a position: it cannot be placed in a tile,
     *     and dropping it would lose it silently
     */
    public boolean keep(SparkRowSink sink) {
        boolean placed = sink.hasValue(raSlot) && sink.hasValue(decSlot);
        if (!placed && tiled()) {
            throw new MastException(what + " returned a row without a position ("
                    + (sink.hasValue(raSlot) ? sink.getDouble(raSlot) : null) + ", "
                    + (sink.hasValue(decSlot) ? sink.getDouble(decSlot) : null)
                    + "); a sky-tiled read cannot place it in a tile");
        }
        double ra = placed ? sink.getDouble(raSlot) : Double.NaN;
        double dec = placed ? sink.getDouble(decSlot) : Double.NaN;
        // the whole-region tile owns every row, and an untiled read has no region to re-check
        if ((tile != null && !tile.owns(ra, dec)) || (region != null && !region.contains(ra, dec))) {
            return false;
        }
        for (Computed c : computed) {
            c.write(sink, placed, ra, dec);
        }
        return true;
    }

    /** A column the reader computes for each kept row rather than reads from MAST. */
    public sealed interface Computed extends Serializable permits Distance, HealpixCell, Text, Prefixed {
        /**
         * Writes the column.
         *
         * @param placed whether the row has a position ({@code ra}, {@code dec}); NaN otherwise
         */
        void write(SparkRowSink sink, boolean placed, double ra, double dec);
    }

    /**
     * The great-circle distance of the row from a centre, in degrees times {@code scale} (3600: arc seconds,
     * 60: arc minutes); null without a position or a centre.
     */
    public record Distance(int slot, double ra, double dec, double scale) implements Computed {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(SparkRowSink sink, boolean placed, double pra, double pdec) {
            if (!placed || Double.isNaN(ra)) {
                sink.putNull(slot);
            } else {
                sink.putDouble(slot, SkyMath.angularDistanceDeg(ra, dec, pra, pdec) * scale);
            }
        }
    }

    /** The nested HEALPix index of the row's position at {@code order}; null without a position. */
    public record HealpixCell(int slot, int order) implements Computed {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(SparkRowSink sink, boolean placed, double ra, double dec) {
            if (placed) {
                sink.putLong(slot, Healpix.nest(order, ra, dec));
            } else {
                sink.putNull(slot);
            }
        }
    }

    /** The same text in every row (a search's own description of itself). */
    public record Text(int slot, String value) implements Computed {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(SparkRowSink sink, boolean placed, double ra, double dec) {
            sink.putValue(slot, value);
        }
    }

    /** A text followed by the value of another column of the row; null when that value is. */
    public record Prefixed(int slot, String prefix, int fromSlot) implements Computed {
        private static final long serialVersionUID = 1L;

        @Override
        public void write(SparkRowSink sink, boolean placed, double ra, double dec) {
            if (fromSlot >= 0 && sink.hasValue(fromSlot)) {
                sink.putValue(slot, prefix + sink.getString(fromSlot));
            } else {
                sink.putNull(slot);
            }
        }
    }
}
