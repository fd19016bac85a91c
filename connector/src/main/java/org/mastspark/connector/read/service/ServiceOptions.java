package org.mastspark.connector.read.service;

import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.Echo;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.panstarrs.PanstarrsClient;

/**
 * Options of the Mission Search and Pan-STARRS reads beyond those of {@link MastOptions} (read through
 * {@link MastOptions#get}, so reader options and {@code spark.mast.*} session settings both apply).
 */
public final class ServiceOptions {
    /**
     * The catalogs API's base URL (Pan-STARRS); default {@code baseUrl} when it was set (the emulator
     * serves the catalogs API too), else {@value PanstarrsClient#DEFAULT_URL}.
     */
    public static final String CATALOGS_URL = "catalogsUrl";
    /**
     * Pan-STARRS reads without a cone (so without tiles): how many partitions share the pages, partition
     * i reading pages i, i + n, i + 2n, ... until a short page; default 4.
     */
    public static final String PAGE_PARTITIONS = "pagePartitions";
    /** Pan-STARRS: the sort order to send as {@code sort_by}, e.g. {@code "objID.asc"}; default by ID. */
    public static final String SORT_BY = "sortBy";

    private ServiceOptions() {}

    /** Rows per request: option {@code pagesize}, else the service's default. */
    public static int pagesize(MastOptions options, int serviceDefault, int max) {
        if (options.get(MastOptions.PAGESIZE) == null) {
            return serviceDefault;
        }
        int p = options.pagesize();
        if (p > max) {
            throw new IllegalArgumentException("Invalid value '" + p + "' for option 'pagesize': this service takes"
                    + " at most " + max + " rows per request");
        }
        return p;
    }

    public static int pagePartitions(MastOptions options) {
        return intOption(options, PAGE_PARTITIONS, 4, 1, 1024);
    }

    /** Dataset ids per {@code post_list_products}: option {@code productBatchSize}, default and at most 1,000. */
    public static int missionProductBatch(MastOptions options) {
        return intOption(options, MastOptions.PRODUCT_BATCH_SIZE, 1000, 1, 1000);
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

    static int intOption(MastOptions options, String key, int def, int min, int max) {
        String v = options.get(key);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(v) + "' for option '" + key
                    + "': expected a whole number from " + min + " to " + max + " (default " + def + ")");
        }
    }
}
