package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataType;
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

    /** @throws UnsupportedOperationException unless given four numeric arguments */
    @Override
    public BoundFunction bind(StructType inputType) {
        SqlArguments.numeric("mast." + name, ARGUMENTS, inputType, "a number of degrees");
        return new Bound(name);
    }

    @Override
    public String description() {
        return "mast." + name + "(ra1, dec1, ra2, dec2) - Great-circle distance in degrees between two points given"
                + " in degrees.";
    }

    /** The function bound to four numbers, each cast to double by Spark. */
    public static final class Bound implements ScalarFunction<Double> {
        private static final long serialVersionUID = 1L;
        private final String name;

        Bound(String name) {
            this.name = name;
        }

        /** Spark's magic method, called with no argument NULL. */
        public static double invoke(double ra1, double dec1, double ra2, double dec2) {
            return SkyMath.angularDistanceDeg(ra1, dec1, ra2, dec2);
        }

        @Override
        public DataType[] inputTypes() {
            return new DataType[] {
                DataTypes.DoubleType, DataTypes.DoubleType, DataTypes.DoubleType, DataTypes.DoubleType
            };
        }

        @Override
        public DataType resultType() {
            return DataTypes.DoubleType;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String canonicalName() {
            return CANONICAL_NAME;
        }
    }
}
