package org.mastspark.udfs;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.api.java.UDF4;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.api.java.UDF6;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ScalaUDF;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import scala.Option;
import scala.collection.immutable.List$;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction3;
import scala.runtime.AbstractFunction4;
import scala.runtime.AbstractFunction5;
import scala.runtime.AbstractFunction6;

/**
 * One mast-spark SQL function: its SQL name, its Java implementation ({@code UDF1} to {@code UDF6}) and its result
 * type, from which the three ways Spark can call it are built: a {@link UserDefinedFunction} for the DataFrame API,
 * a registration on a session, and the Catalyst expression {@link MastSparkExtensions} injects.
 *
 * <p>Only API that Spark 3.5 (Scala 2.12 and 2.13) and Spark 4.x share is used, so one compiled jar serves all of
 * them: {@code UserDefinedFunction.name()} (Spark 4 only) and Spark 4's {@code UserDefinedFunctionUtils} are
 * avoided; the expression is the {@link ScalaUDF} Spark itself builds for a Java UDF (one converter per argument
 * from Catalyst's types, no encoders), whose constructor is the same in every supported version.
 */
public final class SqlFunction implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String usage;
    private final Serializable udf;
    private final int arity;
    private final DataType type;

    private SqlFunction(String name, String usage, Serializable udf, int arity, DataType type) {
        this.name = Objects.requireNonNull(name, "name");
        this.usage = Objects.requireNonNull(usage, "usage");
        this.udf = udf;
        this.arity = arity;
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A function of one argument. */
    public static SqlFunction of(String name, String usage, UDF1<?, ?> udf, DataType type) {
        return new SqlFunction(name, usage, udf, 1, type);
    }

    /** A function of three arguments. */
    public static SqlFunction of(String name, String usage, UDF3<?, ?, ?, ?> udf, DataType type) {
        return new SqlFunction(name, usage, udf, 3, type);
    }

    /** A function of four arguments. */
    public static SqlFunction of(String name, String usage, UDF4<?, ?, ?, ?, ?> udf, DataType type) {
        return new SqlFunction(name, usage, udf, 4, type);
    }

    /** A function of five arguments. */
    public static SqlFunction of(String name, String usage, UDF5<?, ?, ?, ?, ?, ?> udf, DataType type) {
        return new SqlFunction(name, usage, udf, 5, type);
    }

    /** A function of six arguments. */
    public static SqlFunction of(String name, String usage, UDF6<?, ?, ?, ?, ?, ?, ?> udf, DataType type) {
        return new SqlFunction(name, usage, udf, 6, type);
    }

    /** The SQL name, e.g. {@code mast_angular_distance}. */
    public String name() {
        return name;
    }

    /** The one-line usage {@code DESCRIBE FUNCTION} shows. */
    public String usage() {
        return usage;
    }

    /** The result type. */
    public DataType type() {
        return type;
    }

    /** The number of arguments. */
    public int arity() {
        return arity;
    }

    /** The function for the DataFrame API ({@code udf.apply(columns...)}), named with its SQL name. */
    @SuppressWarnings("unchecked")
    public UserDefinedFunction udf() {
        UserDefinedFunction f = switch (arity) {
            case 1 -> functions.udf((UDF1<Object, Object>) udf, type);
            case 3 -> functions.udf((UDF3<Object, Object, Object, Object>) udf, type);
            case 4 -> functions.udf((UDF4<Object, Object, Object, Object, Object>) udf, type);
            case 5 -> functions.udf((UDF5<Object, Object, Object, Object, Object, Object>) udf, type);
            default -> functions.udf((UDF6<Object, Object, Object, Object, Object, Object, Object>) udf, type);
        };
        return f.withName(name);
    }

    /** Registers the function on a session under its SQL name (as {@code spark.udf().register} does). */
    public void register(SparkSession spark) {
        spark.udf().register(name, udf());
    }

    /**
     * The Catalyst expression for a call with these arguments: what Spark builds for a registered Java UDF.
     *
     * @param children the call's arguments, a Scala {@code Seq} of expressions (its static type differs between
     *     Scala 2.12 and 2.13, hence {@code Object})
     */
    public Expression expression(Object children) {
        scala.collection.Seq<?> args = (scala.collection.Seq<?>) children;
        if (args.length() != arity) {
            throw new IllegalArgumentException("Invalid number of arguments for function " + name + ": got "
                    + args.length() + ", expected " + arity + " (" + usage + ")");
        }
        List<Option<?>> noEncoders = new ArrayList<>(arity);
        for (int k = 0; k < arity; k++) {
            noEncoders.add(Option.empty());
        }
        return newScalaUdf(scalaFunction(), args.toList(), scalaList(noEncoders));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Expression newScalaUdf(Object function, scala.collection.immutable.List children, Object encoders) {
        return new ScalaUDF(
                function,
                type,
                children,
                (scala.collection.immutable.List) encoders,
                Option.empty(),
                Option.apply(name),
                true,
                true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object scalaList(List<?> items) {
        scala.collection.immutable.List out = List$.MODULE$.empty();
        for (int k = items.size() - 1; k >= 0; k--) {
            out = out.$colon$colon(items.get(k));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object scalaFunction() {
        return switch (arity) {
            case 1 -> new Call1((UDF1<Object, Object>) udf);
            case 3 -> new Call3((UDF3<Object, Object, Object, Object>) udf);
            case 4 -> new Call4((UDF4<Object, Object, Object, Object, Object>) udf);
            case 5 -> new Call5((UDF5<Object, Object, Object, Object, Object, Object>) udf);
            default -> new Call6((UDF6<Object, Object, Object, Object, Object, Object, Object>) udf);
        };
    }

    @Override
    public String toString() {
        return name + "/" + arity;
    }

    /** Exceptions of a Java UDF reach Spark unchanged, as for a registered Java UDF. */
    private static RuntimeException rethrow(Exception e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(e);
    }

    private static final class Call1 extends AbstractFunction1<Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UDF1<Object, Object> f;

        Call1(UDF1<Object, Object> f) {
            this.f = f;
        }

        @Override
        public Object apply(Object a) {
            try {
                return f.call(a);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
    }

    private static final class Call3 extends AbstractFunction3<Object, Object, Object, Object> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UDF3<Object, Object, Object, Object> f;

        Call3(UDF3<Object, Object, Object, Object> f) {
            this.f = f;
        }

        @Override
        public Object apply(Object a, Object b, Object c) {
            try {
                return f.call(a, b, c);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
    }

    private static final class Call4 extends AbstractFunction4<Object, Object, Object, Object, Object>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UDF4<Object, Object, Object, Object, Object> f;

        Call4(UDF4<Object, Object, Object, Object, Object> f) {
            this.f = f;
        }

        @Override
        public Object apply(Object a, Object b, Object c, Object d) {
            try {
                return f.call(a, b, c, d);
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
    }

    private static final class Call5 extends AbstractFunction5<Object, Object, Object, Object, Object, Object>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UDF5<Object, Object, Object, Object, Object, Object> f;

        Call5(UDF5<Object, Object, Object, Object, Object, Object> f) {
            this.f = f;
        }

        @Override
        public Object apply(Object a, Object b, Object c, Object d, Object e) {
            try {
                return f.call(a, b, c, d, e);
            } catch (Exception x) {
                throw rethrow(x);
            }
        }
    }

    private static final class Call6 extends AbstractFunction6<Object, Object, Object, Object, Object, Object, Object>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final UDF6<Object, Object, Object, Object, Object, Object, Object> f;

        Call6(UDF6<Object, Object, Object, Object, Object, Object, Object> f) {
            this.f = f;
        }

        @Override
        public Object apply(Object a, Object b, Object c, Object d, Object e, Object g) {
            try {
                return f.call(a, b, c, d, e, g);
            } catch (Exception x) {
                throw rethrow(x);
            }
        }
    }
}
