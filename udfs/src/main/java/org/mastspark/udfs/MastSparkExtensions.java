package org.mastspark.udfs;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.classic.UserDefinedFunctionUtils;
import org.apache.spark.sql.expressions.SparkUserDefinedFunction;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.mastspark.udfs.resolve.MastResolver;
import org.mastspark.udfs.sky.MastSkyFunctions;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.runtime.AbstractFunction1;
import scala.runtime.BoxedUnit;

/**
 * Adds the mast-spark SQL functions ({@link MastSkyFunctions}) to every session of an application:
 *
 * <pre>{@code spark.sql.extensions=org.mastspark.udfs.MastSparkExtensions}</pre>
 *
 * <p>Spark reads {@code spark.sql.extensions} from the SparkContext's configuration when it builds a
 * session, so the setting must be present when the application's first session (and with it the
 * SparkContext) is created, e.g. on {@code spark-submit --conf} or on the first {@code
 * SparkSession.builder()}; setting it on a later builder in the same JVM has no effect. Where that
 * is not possible, call {@link MastSkyFunctions#register} on the session instead.
 *
 * <p>The functions are injected with the same expressions {@code spark.udf().register} would build
 * for them (Spark's {@code ScalaUDF}), so both routes behave identically.
 */
public final class MastSparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

    /** Called by Spark, through the no-argument constructor, once per session it builds. */
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        for (UserDefinedFunction udf : MastSkyFunctions.udfs()) {
            String name = udf.name();
            ExpressionInfo info = new ExpressionInfo(MastSkyFunctions.class.getName(), null, name, usage(name), "");
            extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(name), info, builder(udf)));
        }
        for (String name : new String[] {MastResolver.SQL_NAME, MastResolver.SQL_BATCH_NAME}) {
            ExpressionInfo info = new ExpressionInfo(MastResolver.class.getName(), null, name, usage(name), "");
            extensions.injectFunction(new Tuple3<>(FunctionIdentifier.apply(name), info, resolverBuilder(name)));
        }
        return BoxedUnit.UNIT;
    }

    private static Function1<Seq<Expression>, Expression> builder(UserDefinedFunction udf) {
        SparkUserDefinedFunction f = (SparkUserDefinedFunction) udf;
        return new AbstractFunction1<>() {
            @Override
            public Expression apply(Seq<Expression> children) {
                return UserDefinedFunctionUtils.toScalaUDF(f, children);
            }
        };
    }

    /**
     * The resolver functions depend on the session's {@code spark.mast.*} settings, which exist only once a
     * query is analysed, so the function is bound to the active session's settings at that point.
     */
    private static Function1<Seq<Expression>, Expression> resolverBuilder(String name) {
        return new AbstractFunction1<>() {
            @Override
            public Expression apply(Seq<Expression> children) {
                for (UserDefinedFunction udf : MastResolver.udfs(SparkSession.active())) {
                    if (udf.name().equals(name)) {
                        return UserDefinedFunctionUtils.toScalaUDF((SparkUserDefinedFunction) udf, children);
                    }
                }
                throw new IllegalStateException("no resolver function " + name);
            }
        };
    }

    private static String usage(String name) {
        return switch (name) {
            case MastResolver.SQL_NAME ->
                "mast_resolve(name) - struct<ra, dec, resolver, canonical_name, object_type, resolve_status> from"
                        + " MAST's SANTA resolver (settings from spark.mast.*).";
            case MastResolver.SQL_BATCH_NAME ->
                "mast_resolve_names(names) - array of resolutions of an array of names, asked in SANTA batches of"
                        + " 30: SELECT inline(mast_resolve_names(collect_set(name))) FROM t.";
            case MastSkyFunctions.ANGULAR_DISTANCE ->
                "mast_angular_distance(ra1, dec1, ra2, dec2)"
                        + " - Great-circle distance in degrees between two points given in degrees.";
            case MastSkyFunctions.IN_CONE ->
                "mast_in_cone(ra, dec, ra0, dec0, radius_deg)"
                        + " - Whether (ra, dec) lies within radius_deg of (ra0, dec0), boundary included.";
            case MastSkyFunctions.HEALPIX ->
                "mast_healpix(order, ra, dec)" + " - Nested HEALPix cell (bigint) of (ra, dec) at order 0 to 29.";
            default ->
                "mast_parse_coordinates(str)"
                        + " - struct<ra, dec> in degrees from '210.8 54.35' or '14h03m12.6s +54d20m56s'.";
        };
    }
}
