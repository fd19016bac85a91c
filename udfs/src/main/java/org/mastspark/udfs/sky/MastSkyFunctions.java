package org.mastspark.udfs.sky;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.sky.Healpix;
import org.mastspark.connector.sky.ProperMotion;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.connector.sky.SkyParse;
import org.mastspark.udfs.SqlFunction;

/**
 * The sky functions as Spark SQL functions and as {@link Column} functions:
 *
 * <ul>
 *   <li>{@code mast_angular_distance(ra1, dec1, ra2, dec2)}: great-circle distance in degrees
 *       ({@link SkyMath#angularDistanceDeg}), double
 *   <li>{@code mast_in_cone(ra, dec, ra0, dec0, radius_deg)}: whether the point lies within the cone,
 *       boundary included ({@link SkyMath#inCone}), boolean
 *   <li>{@code mast_healpix(order, ra, dec)}: nested HEALPix cell at order 0..29 ({@link
 *       Healpix#nest}), bigint
 *   <li>{@code mast_parse_coordinates(str)}: {@code struct<ra: double, dec: double>} in degrees from
 *       decimal or sexagesimal text ({@link SkyParse#coordinates}), ra in [0, 360)
 *   <li>{@code mast_healpix_disc(order, ra, dec, radius_deg)}: the nested HEALPix cells at {@code order} that a
 *       disc of {@code radius_deg} around {@code (ra, dec)} may touch, ascending ({@link Healpix#coneCoverage}),
 *       {@code array<bigint>}. Never misses a cell: every point within the radius lies in one of them (a few
 *       cells just outside the rim may be listed too). With {@code mast_healpix} it turns a cross-match into an
 *       equi-join on the cell (README, "Cross-matching in SQL")
 *   <li>{@code mast_propagate(ra, dec, pmra, pmdec, ref_epoch, target_epoch)}: {@code struct<ra: double, dec:
 *       double>}, the position moved along its proper motion from {@code ref_epoch} to {@code target_epoch}
 *       (Julian years, e.g. 2016.0 for Gaia DR3), {@code pmra} being the proper motion in right ascension times
 *       cos(dec) and {@code pmdec} that in declination, both in mas/yr as Gaia gives them ({@link
 *       ProperMotion#propagate})
 * </ul>
 *
 * <p>All angles are in degrees. Numeric arguments may be of any numeric type (int, bigint, decimal,
 * float, double); {@code order} must be a whole number. A null argument gives null. An invalid value
 * (a declination beyond a pole, an order outside 0..29, text that is not a coordinate) fails the
 * query with an error that names the function, the argument and the value.
 *
 * <p>Two ways to make the SQL names available: {@link #register(SparkSession)} on one session, or
 * {@code spark.sql.extensions=org.mastspark.udfs.MastSparkExtensions} for every session of an
 * application. The Column functions need neither.
 */
public final class MastSkyFunctions {
    /** SQL name of the angular distance function. */
    public static final String ANGULAR_DISTANCE = "mast_angular_distance";
    /** SQL name of the cone test. */
    public static final String IN_CONE = "mast_in_cone";
    /** SQL name of the HEALPix index function. */
    public static final String HEALPIX = "mast_healpix";
    /** SQL name of the coordinate parser. */
    public static final String PARSE_COORDINATES = "mast_parse_coordinates";
    /** SQL name of the disc coverage function. */
    public static final String HEALPIX_DISC = "mast_healpix_disc";
    /** SQL name of the proper-motion propagation function. */
    public static final String PROPAGATE = "mast_propagate";

    /** The result type of {@code mast_healpix_disc}. */
    public static final ArrayType CELLS_TYPE = DataTypes.createArrayType(DataTypes.LongType, false);

    /** The result type of {@code mast_parse_coordinates}. */
    public static final StructType COORDINATES_TYPE =
            new StructType().add("ra", DataTypes.DoubleType, false).add("dec", DataTypes.DoubleType, false);

    /** The argument names of {@code mast_angular_distance}, as its error messages call them. */
    private static final List<String> ANGULAR_DISTANCE_ARGUMENTS = List.of("ra1", "dec1", "ra2", "dec2");
    /** The argument names of {@code mast_in_cone}, as its error messages call them. */
    private static final List<String> IN_CONE_ARGUMENTS = List.of("ra", "dec", "ra0", "dec0", "radius_deg");

    private static final SqlFunction ANGULAR_DISTANCE_FUNCTION = SqlFunction.of(
            ANGULAR_DISTANCE,
            "mast_angular_distance(ra1, dec1, ra2, dec2)"
                    + " - Great-circle distance in degrees between two points given in degrees.",
            (UDF4<Object, Object, Object, Object, Double>) (ra1, dec1, ra2, dec2) -> {
                double[] d = degrees(ANGULAR_DISTANCE, ANGULAR_DISTANCE_ARGUMENTS, ra1, dec1, ra2, dec2);
                return d == null ? null : SkyMath.angularDistanceDeg(d[0], d[1], d[2], d[3]);
            },
            DataTypes.DoubleType);

    private static final SqlFunction IN_CONE_FUNCTION = SqlFunction.of(
            IN_CONE,
            "mast_in_cone(ra, dec, ra0, dec0, radius_deg)"
                    + " - Whether (ra, dec) lies within radius_deg of (ra0, dec0), boundary included.",
            (UDF5<Object, Object, Object, Object, Object, Boolean>) (ra, dec, ra0, dec0, radius) -> {
                double[] d = degrees(IN_CONE, IN_CONE_ARGUMENTS, ra, dec, ra0, dec0, radius);
                return d == null ? null : SkyMath.inCone(d[0], d[1], d[2], d[3], d[4]);
            },
            DataTypes.BooleanType);

    private static final SqlFunction HEALPIX_FUNCTION = SqlFunction.of(
            HEALPIX,
            "mast_healpix(order, ra, dec) - Nested HEALPix cell (bigint) of (ra, dec) at order 0 to 29.",
            (UDF3<Object, Object, Object, Long>) (order, ra, dec) -> {
                if (order == null || ra == null || dec == null) {
                    return null;
                }
                return Healpix.nest(order(order), number(HEALPIX, "ra", ra), number(HEALPIX, "dec", dec));
            },
            DataTypes.LongType);

    private static final SqlFunction PARSE_COORDINATES_FUNCTION = SqlFunction.of(
            PARSE_COORDINATES,
            "mast_parse_coordinates(str)"
                    + " - struct<ra, dec> in degrees from '210.8 54.35' or '14h03m12.6s +54d20m56s'.",
            (UDF1<Object, Row>) text -> {
                if (text == null) {
                    return null;
                }
                double[] radec = SkyParse.coordinates(PARSE_COORDINATES, text.toString());
                return RowFactory.create(radec[0], radec[1]);
            },
            COORDINATES_TYPE);

    private static final SqlFunction HEALPIX_DISC_FUNCTION = SqlFunction.of(
            HEALPIX_DISC,
            "mast_healpix_disc(order, ra, dec, radius_deg) - Ascending array of the nested HEALPix cells (bigint) at"
                    + " order 0 to 29 that a disc of radius_deg degrees around (ra, dec) may touch; never misses one.",
            (UDF4<Object, Object, Object, Object, long[]>) (order, ra, dec, radius) -> {
                if (order == null || ra == null || dec == null || radius == null) {
                    return null;
                }
                return disc(
                        order(HEALPIX_DISC, order),
                        number(HEALPIX_DISC, "ra", ra),
                        number(HEALPIX_DISC, "dec", dec),
                        number(HEALPIX_DISC, "radius_deg", radius));
            },
            CELLS_TYPE);

    private static final SqlFunction PROPAGATE_FUNCTION = SqlFunction.of(
            PROPAGATE,
            "mast_propagate(ra, dec, pmra, pmdec, ref_epoch, target_epoch) - struct<ra, dec> in degrees moved along"
                    + " the proper motion (pmra = mu_alpha* cos(dec), pmdec; mas/yr) between Julian-year epochs.",
            (UDF6<Object, Object, Object, Object, Object, Object, Row>) (ra, dec, pmra, pmdec, ref, target) -> {
                if (ra == null || dec == null || pmra == null || pmdec == null || ref == null || target == null) {
                    return null;
                }
                double[] radec = propagate(
                        number(PROPAGATE, "ra", ra),
                        number(PROPAGATE, "dec", dec),
                        number(PROPAGATE, "pmra", pmra, "a proper motion in mas/yr"),
                        number(PROPAGATE, "pmdec", pmdec, "a proper motion in mas/yr"),
                        number(PROPAGATE, "ref_epoch", ref, "an epoch in Julian years such as 2016.0"),
                        number(PROPAGATE, "target_epoch", target, "an epoch in Julian years such as 2016.0"));
                return RowFactory.create(radec[0], radec[1]);
            },
            COORDINATES_TYPE);

    private static final UserDefinedFunction ANGULAR_DISTANCE_UDF = ANGULAR_DISTANCE_FUNCTION.udf();
    private static final UserDefinedFunction IN_CONE_UDF = IN_CONE_FUNCTION.udf();
    private static final UserDefinedFunction HEALPIX_UDF = HEALPIX_FUNCTION.udf();
    private static final UserDefinedFunction PARSE_COORDINATES_UDF = PARSE_COORDINATES_FUNCTION.udf();
    private static final UserDefinedFunction HEALPIX_DISC_UDF = HEALPIX_DISC_FUNCTION.udf();
    private static final UserDefinedFunction PROPAGATE_UDF = PROPAGATE_FUNCTION.udf();

    private MastSkyFunctions() {}

    /**
     * Registers the six SQL functions on {@code spark} as temporary functions of that session,
     * replacing any of the same name. Safe to call more than once.
     */
    public static void register(SparkSession spark) {
        for (SqlFunction f : sqlFunctions()) {
            f.register(spark);
        }
    }

    /** The six functions, each with its SQL name, usage and implementation. */
    public static List<SqlFunction> sqlFunctions() {
        return List.of(
                ANGULAR_DISTANCE_FUNCTION,
                IN_CONE_FUNCTION,
                HEALPIX_FUNCTION,
                PARSE_COORDINATES_FUNCTION,
                HEALPIX_DISC_FUNCTION,
                PROPAGATE_FUNCTION);
    }

    /** {@code mast_angular_distance}: distance in degrees between two points given in degrees. */
    public static Column angularDistance(Column ra1, Column dec1, Column ra2, Column dec2) {
        return ANGULAR_DISTANCE_UDF.apply(ra1, dec1, ra2, dec2);
    }

    /** {@code mast_in_cone}: whether {@code (ra, dec)} lies within {@code radiusDeg} of a column cone. */
    public static Column inCone(Column ra, Column dec, Column ra0, Column dec0, Column radiusDeg) {
        return IN_CONE_UDF.apply(ra, dec, ra0, dec0, radiusDeg);
    }

    /** {@code mast_in_cone} for a fixed cone. */
    public static Column inCone(Column ra, Column dec, double ra0, double dec0, double radiusDeg) {
        return inCone(ra, dec, functions.lit(ra0), functions.lit(dec0), functions.lit(radiusDeg));
    }

    /**
     * {@code mast_healpix}: the nested HEALPix cell of {@code (ra, dec)} at {@code order}.
     *
     * @throws IllegalArgumentException at once if {@code order} is outside 0..29
     */
    public static Column healpix(int order, Column ra, Column dec) {
        Healpix.checkOrder("order", order);
        return HEALPIX_UDF.apply(functions.lit(order), ra, dec);
    }

    /** {@code mast_parse_coordinates}: {@code struct<ra, dec>} in degrees parsed from text. */
    public static Column parseCoordinates(Column text) {
        return PARSE_COORDINATES_UDF.apply(text);
    }

    /**
     * {@code mast_healpix_disc}: the nested HEALPix cells at {@code order} that a disc of {@code radiusDeg} around
     * {@code (ra, dec)} may touch, ascending; every point within the radius lies in one of them.
     *
     * @throws IllegalArgumentException at once if {@code order} is outside 0..29
     */
    public static Column healpixDisc(int order, Column ra, Column dec, Column radiusDeg) {
        Healpix.checkOrder("order", order);
        return HEALPIX_DISC_UDF.apply(functions.lit(order), ra, dec, radiusDeg);
    }

    /**
     * {@code mast_healpix_disc} for a fixed radius.
     *
     * @throws IllegalArgumentException at once if {@code order} is outside 0..29 or {@code radiusDeg} outside 0..180
     */
    public static Column healpixDisc(int order, Column ra, Column dec, double radiusDeg) {
        checkRadius(HEALPIX_DISC, radiusDeg);
        return healpixDisc(order, ra, dec, functions.lit(radiusDeg));
    }

    /**
     * {@code mast_propagate}: {@code struct<ra, dec>}, the position moved along its proper motion from {@code
     * refEpoch} to {@code targetEpoch} (Julian years); {@code pmra} (times cos(dec)) and {@code pmdec} in mas/yr.
     */
    public static Column propagate(
            Column ra, Column dec, Column pmra, Column pmdec, Column refEpoch, Column targetEpoch) {
        return PROPAGATE_UDF.apply(ra, dec, pmra, pmdec, refEpoch, targetEpoch);
    }

    /** {@code mast_propagate} between two fixed epochs, e.g. Gaia DR3's 2016.0 to 2000.0. */
    public static Column propagate(
            Column ra, Column dec, Column pmra, Column pmdec, double refEpoch, double targetEpoch) {
        return propagate(ra, dec, pmra, pmdec, functions.lit(refEpoch), functions.lit(targetEpoch));
    }

    /**
     * The disc's cells, after checking each argument so that an error names the SQL argument rather than a
     * parameter of {@link Healpix#coneCoverage}; the only failure left to it then is a coverage that is too large.
     */
    private static long[] disc(int order, double ra, double dec, double radius) {
        checkRa(HEALPIX_DISC, "ra", ra);
        checkDec(HEALPIX_DISC, "dec", dec);
        checkRadius(HEALPIX_DISC, radius);
        try {
            return Healpix.coneCoverage(order, ra, dec, radius);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "Invalid value " + order + " for argument 'order' of " + HEALPIX_DISC + ": a disc of radius "
                            + radius + " degrees covers more than " + Healpix.MAX_COVERAGE_CELLS
                            + " cells at order " + order + "; expected a lower order or a smaller radius_deg",
                    e);
        }
    }

    private static double[] propagate(double ra, double dec, double pmra, double pmdec, double ref, double target) {
        checkRa(PROPAGATE, "ra", ra);
        checkDec(PROPAGATE, "dec", dec);
        checkFinite(PROPAGATE, "pmra", pmra, "a finite proper motion in mas/yr");
        checkFinite(PROPAGATE, "pmdec", pmdec, "a finite proper motion in mas/yr");
        checkFinite(PROPAGATE, "ref_epoch", ref, "a finite epoch in Julian years such as 2016.0");
        checkFinite(PROPAGATE, "target_epoch", target, "a finite epoch in Julian years such as 2016.0");
        return ProperMotion.propagate(ra, dec, pmra, pmdec, target - ref);
    }

    private static void checkRa(String function, String argument, double value) {
        checkFinite(function, argument, value, "a finite right ascension in degrees");
    }

    private static void checkDec(String function, String argument, double value) {
        if (!(value >= -90 && value <= 90)) {
            throw invalid(function, argument, value, "a declination from -90 to 90 degrees");
        }
    }

    private static void checkRadius(String function, double value) {
        if (!(value >= 0 && value <= 180)) {
            throw invalid(function, "radius_deg", value, "a radius from 0 to 180 degrees");
        }
    }

    private static void checkFinite(String function, String argument, double value, String expected) {
        if (!Double.isFinite(value)) {
            throw invalid(function, argument, value, expected);
        }
    }

    private static IllegalArgumentException invalid(String function, String argument, double value, String expected) {
        return new IllegalArgumentException("Invalid value " + value + " for argument '" + argument + "' of " + function
                + ": expected " + expected);
    }

    /**
     * The arguments of {@code function} in degrees, or null when any of them is SQL NULL (the function's
     * answer then is NULL too, before any argument is checked).
     *
     * @throws IllegalArgumentException naming the first argument (in order) that is not a number
     */
    private static double[] degrees(String function, List<String> names, Object... values) {
        for (Object v : values) {
            if (v == null) {
                return null;
            }
        }
        double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++) {
            out[k] = number(function, names.get(k), values[k]);
        }
        return out;
    }

    private static double number(String function, String argument, Object value) {
        return number(function, argument, value, "a number of degrees");
    }

    private static double number(String function, String argument, Object value, String expected) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Invalid value '" + value + "' for argument '" + argument + "' of "
                + function + ": expected " + expected);
    }

    private static int order(Object value) {
        return order(HEALPIX, value);
    }

    private static int order(String function, Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && d >= 0 && d <= Healpix.MAX_ORDER) {
                return (int) d;
            }
        }
        String shown = value instanceof BigDecimal b ? b.toPlainString() : String.valueOf(value);
        throw new IllegalArgumentException("Invalid value " + shown + " for argument 'order' of " + function
                + ": expected a whole number from 0 to " + Healpix.MAX_ORDER);
    }
}
