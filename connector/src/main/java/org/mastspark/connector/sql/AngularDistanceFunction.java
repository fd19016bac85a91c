package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.sky.SkyMath;

/**
 * {@code mast.angular_distance(ra1, dec1, ra2, dec2)} (alias {@code mast.mast_angular_distance}): the
 * great-circle distance in degrees between two points given in degrees; NULL when an argument is NULL. The same
 * answer and errors as the udfs module's {@code mast_angular_distance} ({@link SkyMath#angularDistanceDeg}).
 * {@code angular_distance(ra, dec, ra0, dec0) < r} (or {@code <=}, or {@code r > ...}) on a table's position
 * columns with constants is read as a cone and sent to MAST as the search region.
 */
public final class AngularDistanceFunction implements UnboundFunction {
    /** The name Spark's V2 pushdown hands the connector, whatever name the query used. */
    public static final String CANONICAL_NAME = "mast.angular_distance";

    static final List<String> ARGUMENTS = List.of("ra1", "dec1", "ra2", "dec2");

    private final String name;

    /** @param name {@code angular_distance} or {@code mast_angular_distance} */
    AngularDistanceFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Whether this Spark hands calls of {@code invoke}-method functions to sources (Spark 4.0 on: its
     * {@code StaticInvoke} carries the function, SPARK-44913). Spark 3.5 hands over only functions without one.
     */
    static final boolean SPARK_PUSHES_INVOKE =
            hasMethod("org.apache.spark.sql.catalyst.expressions.objects.StaticInvoke", "scalarFunction");

    /**
     * @return the function with Spark's {@code invoke} magic method, or on Spark 3.5 (which pushes only functions
     *     without one) the same function through {@code produceResult}, so that {@code angular_distance(...) < r}
     *     reaches the scan there too
     * @throws UnsupportedOperationException unless given four numeric arguments
     */
    @Override
    public BoundFunction bind(StructType inputType) {
        SqlArguments.numeric("mast." + name, ARGUMENTS, inputType, "a number of degrees");
        return SPARK_PUSHES_INVOKE ? new Bound(name) : new RowBound(name);
    }

    static boolean hasMethod(String className, String method) {
        try {
            Class.forName(className).getMethod(method);
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "mast." + name + "(ra1, dec1, ra2, dec2) - Great-circle distance in degrees between two points given"
                + " in degrees.";
    }

    /** The function bound to four numbers, each cast to double by Spark. */
    public static final class Bound extends DoublesFunction<Double> {
        private static final long serialVersionUID = 1L;

        Bound(String name) {
            super(name, CANONICAL_NAME, ARGUMENTS.size(), DataTypes.DoubleType);
        }

        /** Spark's magic method, called with no argument NULL. */
        public static double invoke(double ra1, double dec1, double ra2, double dec2) {
            return SkyMath.angularDistanceDeg(ra1, dec1, ra2, dec2);
        }
    }

    /**
     * The function for Spark 3.5, evaluated through {@link #produceResult} (Spark 3.5 gives sources calls of such
     * functions, not of {@code invoke} ones). Not for {@code in_cone}: a bare boolean call handed to a Spark 3.5 or
     * 4.0 source fails Spark's own check that a pushed filter is a predicate.
     */
    public static final class RowBound extends DoublesFunction<Double> {
        private static final long serialVersionUID = 1L;

        RowBound(String name) {
            super(name, CANONICAL_NAME, ARGUMENTS.size(), DataTypes.DoubleType);
        }

        /** The distance, or null when an argument is NULL. */
        @Override
        public Double produceResult(org.apache.spark.sql.catalyst.InternalRow input) {
            for (int i = 0; i < 4; i++) {
                if (input.isNullAt(i)) {
                    return null;
                }
            }
            return Bound.invoke(input.getDouble(0), input.getDouble(1), input.getDouble(2), input.getDouble(3));
        }
    }
}
