package org.mastspark.connector.options;

import java.util.List;
import org.mastspark.connector.client.resolve.SantaClient;

/**
 * Options of name resolution with MAST's SANTA resolver (README: "Name resolution"): {@code MastResolver},
 * {@code mast_resolve}, and option {@code target} of reads ({@link #RESOLVER}, {@link #RESOLVER_URL}).
 */
public final class ResolverKeys {
    private static final KeySet KEYS = new KeySet(OptionArea.RESOLVER);

    /** The default of {@link #CACHE_SIZE}. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    public static final OptionKey<String> RESOLVER = KEYS.choice(
            "resolver",
            null,
            "SANTA's first answer",
            List.of("SIMBAD", "NED", "SIMBADCFA", "TIC", "KEPLER", "K2", "DADS", "EXO"),
            "the resolver to pin (upper case)");
    public static final OptionKey<String> RESOLVER_URL = KEYS.text(
            "resolverUrl", null, "`baseUrl` when set, else `" + SantaClient.DEFAULT_URL + "`", "SANTA's base URL");
    public static final OptionKey<Integer> CONCURRENCY =
            KEYS.wholeNumber("resolverConcurrency", 4, 1, 64, null, "SANTA requests in flight per executor JVM");
    public static final OptionKey<Double> REQUESTS_PER_SECOND =
            KEYS.rate("resolverRequestsPerSecond", "`0` (no limit)", "SANTA request rate per executor JVM");
    public static final OptionKey<Integer> CACHE_SECONDS = KEYS.wholeNumber(
            "resolverCacheSeconds",
            3600,
            0,
            30 * 86_400,
            null,
            "seconds an answer stays in the per-JVM cache (0: no cache)");
    public static final OptionKey<Integer> CACHE_SIZE = KEYS.wholeNumber(
            "resolverCacheSize", DEFAULT_CACHE_SIZE, 1, 10_000_000, null, "most names the per-JVM cache holds");
    public static final OptionKey<String> COLUMN_PREFIX =
            KEYS.text("resolverColumnPrefix", null, null, "prefix for the columns MastResolver.resolve adds");

    private ResolverKeys() {}

    /** Every key of this area, in declaration order. */
    public static List<OptionKey<?>> all() {
        return KEYS.keys();
    }
}
