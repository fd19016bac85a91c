package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.expressions.Cast;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.FieldReference;
import org.apache.spark.sql.connector.expressions.LiteralValue;
import org.apache.spark.sql.connector.expressions.UserDefinedScalarFunc;
import org.apache.spark.sql.connector.expressions.filter.AlwaysTrue;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastOptions;

/**
 * The cone reading of V2 predicates, on the shapes Spark hands a scan (built here as Spark builds them): which
 * become the search region, which stay with Spark and why.
 */
class ConePushdownTest {
    private static final PositionColumns POSITION = new PositionColumns("s_ra", "s_dec");
    private static final MastOptions NONE = MastOptions.resolve(Map.of(), Map.of());

    private static Expression col(String name) {
        return FieldReference.apply(name);
    }

    private static Expression d(double v) {
        return new LiteralValue<>(v, DataTypes.DoubleType);
    }

    private static UserDefinedScalarFunc inCone(Expression... args) {
        return new UserDefinedScalarFunc("in_cone", "mast.in_cone", args);
    }

    private static UserDefinedScalarFunc distance(Expression... args) {
        return new UserDefinedScalarFunc("angular_distance", "mast.angular_distance", args);
    }

    private static Predicate bare(UserDefinedScalarFunc f) {
        return new Predicate("BOOLEAN_EXPRESSION", new Expression[] {f});
    }

    private static ConePushdown find(MastOptions options, PositionColumns position, Predicate... conjuncts) {
        return ConePushdown.find(List.of(conjuncts), () -> position, options);
    }

    @Test
    void theFormsSparkHandsTheScanArePushedAsTheSameCone() {
        UserDefinedScalarFunc f = inCone(col("s_ra"), col("s_dec"), d(210.8), d(54.3), d(0.2));
        Expression decimal = new Cast(
                new LiteralValue<>(Decimal.apply("54.3"), DataTypes.createDecimalType(3, 1)), DataTypes.DoubleType);
        Expression integer = new LiteralValue<>(1, DataTypes.IntegerType);
        for (Predicate p : List.of(
                bare(f),
                new Predicate("=", new Expression[] {f, new AlwaysTrue()}),
                new Predicate("=", new Expression[] {new AlwaysTrue(), f}),
                new Predicate("=", new Expression[] {f, new LiteralValue<>(true, DataTypes.BooleanType)}),
                bare(inCone(d(210.8), decimal, col("S_RA"), col("s_dec"), d(0.2))),
                new Predicate("<", new Expression[] {distance(col("s_ra"), col("s_dec"), d(210.8), d(54.3)), d(0.2)}),
                new Predicate("<=", new Expression[] {distance(d(210.8), d(54.3), col("s_ra"), col("s_dec")), d(0.2)}),
                new Predicate(">", new Expression[] {d(0.2), distance(col("s_ra"), col("s_dec"), d(210.8), d(54.3))}),
                new Predicate(
                        ">=", new Expression[] {d(0.2), distance(col("s_ra"), col("s_dec"), d(210.8), decimal)}))) {
            ConePushdown c = find(NONE, POSITION, p);
            assertThat(c.pushed()).as(p.toString()).isNotNull();
            assertThat(c.pushed().options()).isEqualTo(Map.of("coordinates", "210.8 54.3", "radius", "0.2deg"));
            assertThat(c.describe()).startsWith("cone pushed as the search region: " + p + " -> ");
        }
        Expression floatRa = new Cast(col("s_ra"), DataTypes.DoubleType);
        assertThat(find(NONE, POSITION, bare(inCone(floatRa, col("s_dec"), d(210.8), d(54.3), d(0.2))))
                        .pushed()
                        .options())
                .isEqualTo(Map.of("coordinates", "210.8 54.3", "radius", "0.2deg"));
        Expression rounded = new Cast(new Cast(col("s_ra"), DataTypes.FloatType), DataTypes.DoubleType);
        assertThat(find(NONE, POSITION, bare(inCone(rounded, col("s_dec"), d(210.8), d(54.3), d(0.2))))
                        .describe())
                .endsWith("(no pair of top-level columns as the position)");
        ConePushdown ints = find(NONE, POSITION, bare(inCone(col("s_ra"), col("s_dec"), integer, integer, integer)));
        assertThat(ints.pushed().options()).isEqualTo(Map.of("coordinates", "1 1", "radius", "1deg"));
    }

    @Test
    void whatIsNotPushedSaysWhy() {
        UserDefinedScalarFunc f = inCone(col("s_ra"), col("s_dec"), d(210.8), d(54.3), d(0.2));
        Predicate other =
                new Predicate("=", new Expression[] {col("obs_id"), new LiteralValue<>("x", DataTypes.StringType)});
        assertThat(find(NONE, POSITION, new Predicate("OR", new Expression[] {bare(f), other}))
                        .describe())
                .endsWith("(inside OR)");
        assertThat(find(NONE, POSITION, new Predicate("NOT", new Expression[] {bare(f)}))
                        .describe())
                .endsWith("(under NOT)");
        assertThat(find(NONE, POSITION, bare(inCone(col("ra"), col("dec"), d(1), d(2), d(0.2))))
                        .describe())
                .endsWith("(on columns (ra, dec), not the table's position (s_ra, s_dec))");
        assertThat(find(NONE, null, bare(f)).describe()).endsWith("(the table has no position columns)");
        assertThat(find(NONE, POSITION, bare(inCone(col("s_ra"), col("s_dec"), col("s_ra"), d(2), d(0.2))))
                        .describe())
                .endsWith("(the centre or the radius is not a constant)");
        assertThat(find(NONE, POSITION, bare(inCone(col("s_ra"), col("s_dec"), d(1), d(95), d(0.2))))
                        .describe())
                .endsWith("(not a valid cone (ra finite, dec from -90 to 90, radius above 0 and below 180 degrees))");
        MastOptions target = MastOptions.resolve(Map.of("target", "M101"), Map.of());
        assertThat(find(target, POSITION, bare(f)).describe())
                .endsWith("(the read's options already give a position (target))");
        assertThat(find(NONE, POSITION, other).describe()).isEmpty();
        assertThat(find(NONE, POSITION, other).pushed()).isNull();
    }

    @Test
    void ofSeveralConesTheSmallestIsPushed() {
        Predicate wide = bare(inCone(col("s_ra"), col("s_dec"), d(10), d(20), d(0.5)));
        Predicate narrow =
                new Predicate("<", new Expression[] {distance(col("s_ra"), col("s_dec"), d(10.1), d(20)), d(0.05)});
        ConePushdown c = find(NONE, POSITION, wide, narrow);
        assertThat(c.pushed().predicate()).isSameAs(narrow);
        assertThat(c.describe())
                .isEqualTo("cone pushed as the search region: " + narrow + " -> coordinates '10.1 20', radius"
                        + " '0.05deg'; cone left to Spark: " + wide + " (a second cone: the smallest, 0.05 deg, is"
                        + " pushed)");
    }
}
