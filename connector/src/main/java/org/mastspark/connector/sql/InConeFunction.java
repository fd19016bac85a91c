package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.connector.catalog.functions.BoundFunction;
import org.apache.spark.sql.connector.catalog.functions.UnboundFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.sky.SkyMath;

/**
 * {@code mast.in_cone(ra, dec, ra0, dec0, radius_deg)} (alias {@code mast.mast_in_cone}): whether {@code (ra,
 * dec)} lies within {@code radius_deg} of {@code (ra0, dec0)}, boundary included, all in degrees; NULL when an
 * argument is NULL. The same answer and the same errors as the {@code mast_in_cone} SQL function of the udfs
 * module ({@link SkyMath#inCone}). On a table's position columns with a constant centre and radius, a read
 * sends it to MAST as the search region (README, "Cones in SQL").
 */
public final class InConeFunction implements UnboundFunction {
    /** The name Spark's V2 pushdown hands the connector, whatever name the query used. */
    public static final String CANONICAL_NAME = "mast.in_cone";

    static final List<String> ARGUMENTS = List.of("ra", "dec", "ra0", "dec0", "radius_deg");

    private final String name;

    /** @param name the name the catalog lists it under: {@code in_cone} or {@code mast_in_cone} */
    InConeFunction(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    /** @throws UnsupportedOperationException unless given five numeric arguments */
    @Override
    public BoundFunction bind(StructType inputType) {
        SqlArguments.numeric("mast." + name, ARGUMENTS, inputType, "a number of degrees");
        return new Bound(name);
    }

    @Override
    public String description() {
        return "mast." + name + "(ra, dec, ra0, dec0, radius_deg) - Whether (ra, dec) lies within radius_deg of"
                + " (ra0, dec0), boundary included; degrees. Pushed to MAST as the search region on a table's"
                + " position columns with a constant cone.";
    }

    /** The function bound to five numbers, each cast to double by Spark. */
    public static final class Bound extends DoublesFunction<Boolean> {
        private static final long serialVersionUID = 1L;

        Bound(String name) {
            super(name, CANONICAL_NAME, ARGUMENTS.size(), DataTypes.BooleanType);
        }

        /** Spark's magic method, called with no argument NULL. */
        public static boolean invoke(double ra, double dec, double ra0, double dec0, double radiusDeg) {
            return SkyMath.inCone(ra, dec, ra0, dec0, radiusDeg);
        }
    }
}
