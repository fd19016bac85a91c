package org.mastspark.connector.read.service;

import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastClientConfig;
import org.mastspark.connector.client.PanstarrsClient;
import org.mastspark.connector.options.MissionKeys;
import org.mastspark.connector.options.PanstarrsKeys;

/**
 * Options of the Mission Search and Pan-STARRS reads beyond those of {@link MastOptions} (read through
 * {@link MastOptions#get}, so reader options and {@code spark.mast.*} session settings both apply); keys and
 * defaults are {@link MissionKeys}' and {@link PanstarrsKeys}'.
 */
public final class ServiceOptions {
    /** The catalogs API's base URL (Pan-STARRS): {@link PanstarrsKeys#CATALOGS_URL}. */
    public static final String CATALOGS_URL = PanstarrsKeys.CATALOGS_URL.name();
    /** Pan-STARRS reads without tiles: partitions sharing the pages ({@link PanstarrsKeys#PAGE_PARTITIONS}). */
    public static final String PAGE_PARTITIONS = PanstarrsKeys.PAGE_PARTITIONS.name();
    /** Pan-STARRS: the sort order to send as {@code sort_by} ({@link PanstarrsKeys#SORT_BY}). */
    public static final String SORT_BY = PanstarrsKeys.SORT_BY.name();

    private ServiceOptions() {}

    public static int pagePartitions(MastOptions options) {
        return options.get(PanstarrsKeys.PAGE_PARTITIONS);
    }

    /** Dataset ids per {@code post_list_products} ({@link MissionKeys#PRODUCT_BATCH_SIZE}). */
    public static int missionProductBatch(MastOptions options) {
        return options.get(MissionKeys.PRODUCT_BATCH_SIZE);
    }

    /** HTTP settings for the catalogs API. */
    public static MastClientConfig catalogsConfig(MastOptions options) {
        String url = options.get(CATALOGS_URL);
        if (url == null) {
            url = options.get(MastOptions.BASE_URL) != null
                    ? options.get(MastOptions.BASE_URL)
                    : PanstarrsClient.DEFAULT_URL;
        }
        return options.clientConfig().toBuilder().baseUrl(url).build();
    }
}
