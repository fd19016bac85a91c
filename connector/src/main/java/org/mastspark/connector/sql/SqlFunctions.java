package org.mastspark.connector.sql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.mastspark.connector.MastOptions;

/**
 * The functions of the {@code mast} SQL catalog, in its empty namespace ({@code mast.in_cone(...)}):
 *
 * <ul>
 *   <li>{@code in_cone(ra, dec, ra0, dec0, radius_deg)} boolean ({@link InConeFunction})
 *   <li>{@code angular_distance(ra1, dec1, ra2, dec2)} double ({@link AngularDistanceFunction})
 *   <li>{@code healpix(order, ra, dec)} bigint ({@link HealpixFunction})
 *   <li>{@code resolve(name)} {@code struct<ra double, dec double>} ({@link ResolveFunction})
 *   <li>{@code mast_in_cone}, {@code mast_angular_distance}, {@code mast_healpix}: the same functions under the
 *       udfs module's names, so a query written for those runs with a {@code mast.} prefix
 * </ul>
 *
 * <p>They are Spark V2 scalar functions with static {@code invoke} methods: Spark compiles them into generated
 * code and hands them to a read's pushdown by canonical name ({@code mast.in_cone}, ...), which is how a cone
 * written in SQL becomes MAST's search region.
 */
public final class SqlFunctions {
    private static final List<String> NAMES = List.of(
            "angular_distance",
            "healpix",
            "in_cone",
            "mast_angular_distance",
            "mast_healpix",
            "mast_in_cone",
            "resolve");

    private SqlFunctions() {}

    /** Every function name the catalog lists, lower case, sorted. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * The function of that name, whatever its case, or null when there is none.
     *
     * @param catalogOptions the catalog's options (used by {@code resolve}); null for the defaults
     */
    public static UnboundFunction load(String name, MastOptions catalogOptions) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "in_cone", "mast_in_cone" -> new InConeFunction(n);
            case "angular_distance", "mast_angular_distance" -> new AngularDistanceFunction(n);
            case "healpix", "mast_healpix" -> new HealpixFunction(n);
            case "resolve" ->
                new ResolveFunction(catalogOptions != null ? catalogOptions : MastOptions.resolve(Map.of(), Map.of()));
            default -> null;
        };
    }
}
