package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.filter.And;
import org.apache.spark.sql.connector.expressions.filter.Not;
import org.apache.spark.sql.connector.expressions.filter.Or;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The per-file evaluation of pushed predicates: a file is skipped only when the predicate is FALSE or NULL for
 * its file-level values (SQL's three-valued logic), never when a data column or an unknown expression could
 * make it true.
 */
class FitsFileFilterTest {
    private static final Set<String> FILE_COLUMNS = Set.of("path", "TICID", "OBJECT", "TESSMAG");

    private static Predicate p(String name, Expression... children) {
        return new Predicate(name, children);
    }

    private static Expression col(String name) {
        return Expressions.column(name);
    }

    private static Expression lit(Object value) {
        return Expressions.literal(value);
    }

    private static Boolean skips(Predicate predicate, Map<String, Object> values) {
        FitsFileFilter f = FitsFileFilter.convert(predicate, FILE_COLUMNS);
        if (f == null) {
            return null;
        }
        return f.eval(values::get, values.keySet()).skips();
    }

    private static Map<String, Object> file(Object ticid, Object object, Object tessmag) {
        Map<String, Object> m = new HashMap<>();
        m.put("path", "s3a://b/tess/x_lc.fits");
        m.put("TICID", ticid);
        m.put("OBJECT", object);
        m.put("TESSMAG", tessmag);
        return m;
    }

    @Test
    void comparisonsOnFileColumnsDecideTheFile() {
        Map<String, Object> f = file(12L, "TIC 12", 9.5);
        assertThat(skips(p("=", col("TICID"), lit(12L)), f)).isFalse();
        assertThat(skips(p("=", col("TICID"), lit(13L)), f)).isTrue();
        assertThat(skips(p(">", lit(13L), col("TICID")), f)).isFalse();
        assertThat(skips(p("<", lit(13L), col("TICID")), f)).isTrue();
        assertThat(skips(p(">=", col("TESSMAG"), lit(9.5)), f)).isFalse();
        assertThat(skips(p("<", col("TESSMAG"), lit(12)), f)).isFalse();
        assertThat(skips(p("IN", col("TICID"), lit(1L), lit(12L)), f)).isFalse();
        assertThat(skips(p("IN", col("TICID"), lit(1L), lit(2L)), f)).isTrue();
        assertThat(skips(p("STARTS_WITH", col("path"), lit("s3a://b/tess/")), f))
                .isFalse();
        assertThat(skips(p("ENDS_WITH", col("path"), lit("_tp.fits")), f)).isTrue();
        assertThat(skips(p("CONTAINS", col("OBJECT"), lit("IC 1")), f)).isFalse();
    }

    @Test
    void nullValuesFollowSqlThreeValuedLogic() {
        Map<String, Object> f = file(null, "TIC 12", Double.NaN);
        // NULL = 3 is NULL: no row passes the WHERE, the file is skipped
        assertThat(skips(p("=", col("TICID"), lit(3L)), f)).isTrue();
        assertThat(skips(new Not(p("=", col("TICID"), lit(3L))), f)).isTrue();
        assertThat(skips(p("IS_NULL", col("TICID")), f)).isFalse();
        assertThat(skips(p("IS_NOT_NULL", col("TICID")), f)).isTrue();
        assertThat(skips(p("<=>", col("TICID"), lit(null)), f)).isFalse();
        // 12 IN (1, NULL) is NULL, 12 IN (12, NULL) TRUE
        assertThat(skips(p("IN", col("TICID"), lit(1L), lit(null)), file(12L, "x", 1.0)))
                .isTrue();
        assertThat(skips(p("IN", col("TICID"), lit(12L), lit(null)), file(12L, "x", 1.0)))
                .isFalse();
        // NULL OR TRUE is TRUE
        assertThat(skips(new Or(p("=", col("TICID"), lit(3L)), p("=", col("OBJECT"), lit("TIC 12"))), f))
                .isFalse();
        // Spark orders NaN above every number and equal to itself
        assertThat(skips(p(">", col("TESSMAG"), lit(1e300)), f)).isFalse();
        assertThat(skips(p("=", col("TESSMAG"), lit(Double.NaN)), f)).isFalse();
    }

    @Test
    void dataColumnsAndUnknownExpressionsNeverSkipAFile() {
        Map<String, Object> f = file(12L, "TIC 12", 9.5);
        Predicate onData = p(">", col("FLUX"), lit(3.0));
        assertThat(skips(onData, f)).isNull();
        // an AND prunes on its file side; an OR with a data side cannot
        assertThat(skips(new And(onData, p("=", col("TICID"), lit(1L))), f)).isTrue();
        assertThat(skips(new Or(onData, p("=", col("TICID"), lit(1L))), f)).isNull();
        assertThat(skips(new Not(new Or(onData, p("=", col("TICID"), lit(1L)))), f))
                .isNull();
        // a file-level column whose value the file does not give (path filters at planning) keeps the file
        FitsFileFilter byTicid = FitsFileFilter.convert(p("=", col("TICID"), lit(1L)), FILE_COLUMNS);
        assertThat(byTicid.eval(c -> "s3a://b/x.fits", Set.of("path")).skips()).isFalse();
        // a comparison of a string column with a number is left to Spark
        assertThat(skips(p("=", col("OBJECT"), lit(12L)), f)).isFalse();
    }
}
