package org.mastspark.udfs;

import java.io.Serializable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.mastspark.udfs.resolve.MastResolver;
import org.mastspark.udfs.sky.MastSkyFunctions;
import scala.Function1;
import scala.Tuple3;
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
 * for them (Spark's {@code ScalaUDF}, see {@link SqlFunction#expression}), so both routes behave identically, on
 * Spark 3.5 and 4.x alike.
 */
public final class MastSparkExtensions extends AbstractFunction1<SparkSessionExtensions, BoxedUnit> {

    /** Called by Spark, through the no-argument constructor, once per session it builds. */
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
        for (SqlFunction f : MastSkyFunctions.sqlFunctions()) {
            inject(extensions, MastSkyFunctions.class, f.name(), f.usage(), new Builder(f));
        }
        // The resolver functions depend on the session's spark.mast.* settings, which exist only once a query is
        // analysed, so each call binds to the active session's settings at that point.
        inject(
                extensions,
                MastResolver.class,
                MastResolver.SQL_NAME,
                MastResolver.SQL_USAGE,
                new ResolverBuilder(MastResolver.SQL_NAME));
        inject(
                extensions,
                MastResolver.class,
                MastResolver.SQL_BATCH_NAME,
                MastResolver.SQL_BATCH_USAGE,
                new ResolverBuilder(MastResolver.SQL_BATCH_NAME));
        return BoxedUnit.UNIT;
    }

    /**
     * Spark's function builder type is {@code Seq[Expression] => Expression}, whose {@code Seq} is
     * {@code scala.collection.Seq} in Scala 2.12 and {@code scala.collection.immutable.Seq} in 2.13: the raw types
     * let one source compile against both.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void inject(
            SparkSessionExtensions extensions,
            Class<?> owner,
            String name,
            String usage,
            Function1<Object, Expression> builder) {
        ExpressionInfo info = new ExpressionInfo(owner.getName(), null, name, usage, "");
        extensions.injectFunction(new Tuple3(FunctionIdentifier.apply(name), info, builder));
    }

    private static final class Builder extends AbstractFunction1<Object, Expression> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final SqlFunction function;

        Builder(SqlFunction function) {
            this.function = function;
        }

        @Override
        public Expression apply(Object children) {
            return function.expression(children);
        }
    }

    private static final class ResolverBuilder extends AbstractFunction1<Object, Expression> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;

        ResolverBuilder(String name) {
            this.name = name;
        }

        @Override
        public Expression apply(Object children) {
            for (SqlFunction f : MastResolver.sqlFunctions(SparkSession.active())) {
                if (f.name().equals(name)) {
                    return f.expression(children);
                }
            }
            throw new IllegalStateException("no resolver function " + name);
        }
    }
}
