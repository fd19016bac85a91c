package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.sky.Healpix;

/**
 * {@code mast.healpix(order, ra, dec)} (alias {@code mast.mast_healpix}): the nested HEALPix cell (bigint) of
 * {@code (ra, dec)} in degrees at {@code order}, a whole number from 0 to 29 of any numeric type; NULL when an
 * argument is NULL. The same answer and checks as the udfs module's {@code mast_healpix} ({@link Healpix#nest}).
 */
public final class HealpixFunction implements UnboundFunction {
    /** The name Spark's V2 pushdown hands the connector, whatever name the query used. */
    public static final String CANONICAL_NAME = "mast.healpix";

    static final List<String> ARGUMENTS = List.of("order", "ra", "dec");

    private final String name;

    /** @param name {@code healpix} or {@code mast_healpix} */
    HealpixFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** @throws UnsupportedOperationException unless given three numeric arguments */
    @Override
    public BoundFunction bind(StructType inputType) {
        SqlArguments.numeric("mast." + name, ARGUMENTS, inputType, "a number (order: a whole number 0 to 29)");
        return new Bound(name);
    }

    @Override
    public String description() {
        return "mast." + name + "(order, ra, dec) - Nested HEALPix cell (bigint) of (ra, dec) at order 0 to 29.";
    }

    /**
     * The function bound to three numbers, each cast to double by Spark (the order is checked to be whole, as
     * the udfs module's function checks it, rather than truncated by a cast to int).
     */
    public static final class Bound extends DoublesFunction<Long> {
        private static final long serialVersionUID = 1L;

        Bound(String name) {
            super(name, CANONICAL_NAME, 3, DataTypes.LongType);
        }

        /**
         * Spark's magic method, called with no argument NULL.
         *
         * @throws IllegalArgumentException for an order that is not a whole number from 0 to 29, naming it
         */
        public static long invoke(double order, double ra, double dec) {
            if (!(order == Math.rint(order) && order >= 0 && order <= Healpix.MAX_ORDER)) {
                String shown = order == Math.rint(order) && Math.abs(order) < 1e15
                        ? Long.toString((long) order)
                        : Double.toString(order);
                throw new IllegalArgumentException("Invalid value " + shown + " for argument 'order' of "
                        + CANONICAL_NAME + ": expected a whole number from 0 to " + Healpix.MAX_ORDER);
            }
            return Healpix.nest((int) order, ra, dec);
        }
    }
}
