package org.mastspark.connector.read;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;
import org.mastspark.connector.sky.SkyRegion;
import org.mastspark.connector.sky.SkyTile;

/**
 * What a catalog partition keeps of the rows MAST returns, and what it computes for them: rows whose own
 * position lies in the partition's tile ({@link SkyTile#owns}) and in the user's region; their distance
 * from the search centre and, when asked, their HEALPix cell. Immutable, serializable.
 *
 * @param raColumn the catalog column holding right ascension
 * @param decColumn the catalog column holding declination
 * @param tile the tile the partition reads (its cone is what MAST was asked for)
 * @param region the user's region, or null when MAST's answer is the region (one request, the user's cone)
 * @param centerRa the search centre, for the distance column (NaN without a position)
 * @param centerDec the search centre's declination
 * @param healpixOrder order of the healpix column
 */
// Kryo (spark.serializer) cannot write records field by field: it writes this one with Java serialization.
@DefaultSerializer(JavaSerializer.class)
record CatalogRows(
        String raColumn,
        String decColumn,
        SkyTile tile,
        SkyRegion region,
        double centerRa,
        double centerDec,
        int healpixOrder)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
