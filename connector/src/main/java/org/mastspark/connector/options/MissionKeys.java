package org.mastspark.connector.options;

import java.util.List;
import org.mastspark.connector.client.missions.MissionClient;

/**
 * Options of {@code missions/<mission>} reads whose default differs from {@link ReadKeys}' (README: "Missions
 * and Pan-STARRS", column missions). The other read options apply to missions as declared there.
 */
public final class MissionKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.MISSIONS);

    /** The default radius of a mission search, in degrees: astroquery's {@code MastMissions} default, 3 arcmin. */
    public static final double DEFAULT_RADIUS_DEG = 3.0 / 60.0;
    /** The default page of a mission search, rows per request ({@code limit}). */
    public static final int DEFAULT_PAGESIZE = 5_000;

    public static final OptionKey<Double> RADIUS = KEYS.radius(
            ReadKeys.RADIUS.name(),
            DEFAULT_RADIUS_DEG,
            "`3arcmin`",
            "search radius; sent in arc seconds, a cone beyond 30 arcmin is tiled");
    public static final OptionKey<Integer> PAGESIZE = KEYS.wholeNumber(
            ReadKeys.PAGESIZE.name(),
            DEFAULT_PAGESIZE,
            1,
            ReadKeys.MAX_PAGESIZE,
            null,
            "rows per search request (limit)");
    public static final OptionKey<Integer> PRODUCT_BATCH_SIZE = KEYS.wholeNumber(
            ReadKeys.PRODUCT_BATCH_SIZE.name(),
            MissionClient.PRODUCT_BATCH,
            1,
            MissionClient.PRODUCT_BATCH,
            "`" + MissionClient.PRODUCT_BATCH + "` (at most " + MissionClient.PRODUCT_BATCH + ")",
            "dataset ids per post_list_products request");

    private MissionKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
