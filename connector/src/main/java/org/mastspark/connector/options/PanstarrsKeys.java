package org.mastspark.connector.options;

import java.util.List;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;

/**
 * Options of {@code catalogs/panstarrs/...} reads that only they take, or whose default differs from
 * {@link ReadKeys}' (README: "Missions and Pan-STARRS", column Pan-STARRS).
 */
public final class PanstarrsKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.PANSTARRS);

    public static final OptionKey<Double> RADIUS = KEYS.radius(
            ReadKeys.RADIUS.name(),
            ReadKeys.DEFAULT_RADIUS_DEG,
            "`0.2deg`",
            "search radius; a cone beyond 0.5 deg is tiled");
    public static final OptionKey<Integer> PAGESIZE = KEYS.wholeNumber(
            ReadKeys.PAGESIZE.name(),
            ReadKeys.DEFAULT_PAGESIZE,
            1,
            ReadKeys.MAX_PAGESIZE,
            null,
            "rows per request (pagesize)");
    public static final OptionKey<String> CATALOGS_URL = KEYS.text(
            "catalogsUrl",
            null,
            "`baseUrl` when set, else `" + PanstarrsClient.DEFAULT_URL + "`",
            "the catalogs API's base URL");
    public static final OptionKey<Integer> PAGE_PARTITIONS = KEYS.wholeNumber(
            "pagePartitions", 4, 1, 1024, null, "partitions sharing the pages of a read without tiles");
    public static final OptionKey<String> SORT_BY = KEYS.text(
            "sortBy",
            null,
            "the table's id columns (`objID.asc`, ...)",
            "sort_by for paged reads, so that all pages share one row order");

    private PanstarrsKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
