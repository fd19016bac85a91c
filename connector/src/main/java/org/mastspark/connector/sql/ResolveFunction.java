package org.mastspark.connector.sql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.read.SearchRegion;

/**
 * {@code mast.resolve(name)}: {@code struct<ra double, dec double>}, the sky position of an object name in
 * degrees, resolved as option {@code target} is ({@link SearchRegion#resolve}: SANTA, with the catalog's
 * {@code resolver}, {@code resolverUrl} and {@code baseUrl}); NULL for a NULL name; an error naming the name
 * when nothing resolves it. Answers are kept in a bounded cache per JVM, so a name is asked once per driver or
 * executor.
 *
 * <p>In a cone, {@code mast.in_cone(s_ra, s_dec, mast.resolve('M101').ra, mast.resolve('M101').dec, 0.1)} is
 * pushed as the search region: the function is deterministic and its argument constant, so Spark's optimizer folds
 * the call to a constant (resolving the name once, on the driver, while planning) before the scan sees the cone
 * (README "Cones in SQL").
 */
public final class ResolveFunction implements UnboundFunction {
    /** The name Spark's V2 pushdown hands the connector. */
    public static final String CANONICAL_NAME = "mast.resolve";

    /** The result type: {@code struct<ra double, dec double>}. */
    public static final StructType RESULT_TYPE =
            new StructType().add("ra", DataTypes.DoubleType, false).add("dec", DataTypes.DoubleType, false);

    /** Most names one JVM keeps resolved. */
    static final int CACHE_SIZE = 1_000;

    private static final Map<String, double[]> CACHE = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private final MastOptions options;

    /** @param options the catalog's options (resolver, resolverUrl, baseUrl) */
    ResolveFunction(MastOptions options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "resolve";
    }

    /** @throws UnsupportedOperationException unless given one string argument */
    @Override
    public BoundFunction bind(StructType inputType) {
        SqlArguments.text("mast.resolve", List.of("name"), inputType, "an object name such as 'M101'");
        return new Bound(options);
    }

    @Override
    public String description() {
        return "mast.resolve(name) - struct<ra, dec> in degrees of an object name, resolved by MAST (SANTA).";
    }

    /** The function bound to one string; holds the catalog's options (they travel with the plan, no token used). */
    public static final class Bound implements ScalarFunction<InternalRow> {
        private static final long serialVersionUID = 1L;
        private final MastOptions options;

        Bound(MastOptions options) {
            this.options = options;
        }

        /** Spark's magic method, called with a non-NULL name. */
        public InternalRow invoke(UTF8String name) {
            double[] radec = resolve(options, name.toString());
            return new GenericInternalRow(new Object[] {radec[0], radec[1]});
        }

        @Override
        public DataType[] inputTypes() {
            return new DataType[] {DataTypes.StringType};
        }

        @Override
        public DataType resultType() {
            return RESULT_TYPE;
        }

        @Override
        public String name() {
            return "resolve";
        }

        @Override
        public String canonicalName() {
            return CANONICAL_NAME;
        }
    }

    /** The position of {@code name}, from the cache or from MAST. */
    static double[] resolve(MastOptions options, String name) {
        String key = options.get(MastOptions.BASE_URL)
                + '\n'
                + options.resolverUrl()
                + '\n'
                + options.resolver()
                + '\n'
                + name;
        synchronized (CACHE) {
            double[] hit = CACHE.get(key);
            if (hit != null) {
                return hit.clone();
            }
        }
        double[] radec = SearchRegion.resolve(options, name, new ClientMetrics());
        synchronized (CACHE) {
            CACHE.put(key, radec.clone());
        }
        return radec;
    }
}
