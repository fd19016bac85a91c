package org.mastspark.connector.sql;

import java.util.Arrays;
import org.apache.spark.sql.connector.catalog.functions.ScalarFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the catalog's bound sky functions share: every argument a double (Spark casts any numeric argument), one
 * result type, the name the query used and the canonical name the scan matches. Each subclass adds its static
 * {@code invoke} magic method (or {@code produceResult}). Immutable, serializable.
 *
 * @param <R> the Java type of the result
 */
abstract class DoublesFunction<R> implements ScalarFunction<R> {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String canonicalName;
    private final int arity;
    private final DataType resultType;

    DoublesFunction(String name, String canonicalName, int arity, DataType resultType) {
        this.name = name;
        this.canonicalName = canonicalName;
        this.arity = arity;
        this.resultType = resultType;
    }

    @Override
    public DataType[] inputTypes() {
        DataType[] types = new DataType[arity];
        Arrays.fill(types, DataTypes.DoubleType);
        return types;
    }

    @Override
    public DataType resultType() {
        return resultType;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String canonicalName() {
        return canonicalName;
    }
}
