package org.mastspark.connector.sql;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The checks every SQL catalog function makes when Spark binds it to its arguments: how many there are and
 * that each is of a type the function takes. The error names the function as called, the argument by position
 * and name, the type found and the fix.
 */
final class SqlArguments {
    private SqlArguments() {}

    /**
     * Checks that {@code input} has one numeric (or NULL) argument per name.
     *
     * @param function the function as the query called it, e.g. {@code mast.in_cone}
     * @param names the arguments' names, in order
     * @param expected what each argument is, e.g. "a number of degrees"
     * @throws UnsupportedOperationException naming the function, the argument, its type and the fix
     */
    static void numeric(String function, List<String> names, StructType input, String expected) {
        arity(function, names, input);
        StructField[] fields = input.fields();
        for (int i = 0; i < fields.length; i++) {
            DataType t = fields[i].dataType();
            if (!(t instanceof NumericType) && !(t instanceof NullType)) {
                throw new UnsupportedOperationException("Invalid type " + t.simpleString() + " for argument "
                        + (i + 1) + " (" + names.get(i) + ") of " + function + ": expected " + expected
                        + " (any numeric type); cast it, e.g. CAST(" + names.get(i) + " AS DOUBLE)");
            }
        }
    }

    /**
     * Checks that {@code input} has one text (or NULL) argument per name.
     *
     * @throws UnsupportedOperationException naming the function, the argument, its type and the fix
     */
    static void text(String function, List<String> names, StructType input, String expected) {
        arity(function, names, input);
        StructField[] fields = input.fields();
        for (int i = 0; i < fields.length; i++) {
            DataType t = fields[i].dataType();
            if (!(t instanceof StringType) && !(t instanceof NullType)) {
                throw new UnsupportedOperationException("Invalid type " + t.simpleString() + " for argument "
                        + (i + 1) + " (" + names.get(i) + ") of " + function + ": expected " + expected
                        + "; cast it, e.g. CAST(" + names.get(i) + " AS STRING)");
            }
        }
    }

    private static void arity(String function, List<String> names, StructType input) {
        if (input.fields().length != names.size()) {
            throw new UnsupportedOperationException(function + " takes " + names.size() + " argument"
                    + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ") but was given "
                    + input.fields().length + ": call it as " + function + "(" + String.join(", ", names) + ")");
        }
    }
}
