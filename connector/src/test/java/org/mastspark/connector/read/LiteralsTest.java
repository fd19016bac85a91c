package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * {@link Literals}: every literal type Spark hands a pushdown, as a double (cones, Portal ranges) and exactly
 * (Mission Search conditions, parquet filters, MAST's text parameters).
 */
class LiteralsTest {

    @Test
    void numbersAsDoubles() {
        assertThat(Literals.toDouble(7)).isEqualTo(7.0);
        assertThat(Literals.toDouble(-9_007_199_254_740_993L)).isEqualTo(-9.007199254740992E15);
        assertThat(Literals.toDouble((short) -3)).isEqualTo(-3.0);
        assertThat(Literals.toDouble((byte) 12)).isEqualTo(12.0);
        assertThat(Literals.toDouble(0.1)).isEqualTo(0.1);
        // a float widens as Java widens it, not as it prints
        assertThat(Literals.toDouble(0.1f)).isEqualTo(0.10000000149011612);
        // SQL's 210.802429 arrives as a Spark Decimal
        assertThat(Literals.toDouble(Decimal.apply(new BigDecimal("210.802429"))))
                .isEqualTo(210.802429);
        assertThat(Literals.toDouble(new BigDecimal("-54.34875"))).isEqualTo(-54.34875);
        assertThat(Literals.toDouble(BigInteger.TEN)).isEqualTo(10.0);
        assertThat(Literals.toDouble(Double.NaN)).isNaN();
        assertThat(Literals.toDouble(Float.NEGATIVE_INFINITY)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void numbersExactly() {
        assertThat(Literals.exact(7)).isEqualTo(new BigDecimal("7"));
        assertThat(Literals.exact(-9_007_199_254_740_993L)).isEqualTo(new BigDecimal("-9007199254740993"));
        assertThat(Literals.exact((short) -3)).isEqualTo(new BigDecimal("-3"));
        assertThat(Literals.exact((byte) 12)).isEqualTo(new BigDecimal("12"));
        assertThat(Literals.exact(0.1)).isEqualTo(new BigDecimal("0.1"));
        // a float's double value, written shortest
        assertThat(Literals.exact(0.1f)).isEqualTo(new BigDecimal("0.10000000149011612"));
        assertThat(Literals.exact(1e20)).isEqualTo(new BigDecimal("1.0E+20"));
        // a Spark Decimal keeps its scale
        assertThat(Literals.exact(Decimal.apply(new BigDecimal("12.500")))).isEqualTo(new BigDecimal("12.500"));
        assertThat(Literals.exact(Double.NaN)).isNull();
        assertThat(Literals.exact(Double.POSITIVE_INFINITY)).isNull();
        assertThat(Literals.exact(Float.NaN)).isNull();
        // Spark never puts Java's BigDecimal or BigInteger in a literal: not taken as exact values
        assertThat(Literals.exact(new BigDecimal("1.5"))).isNull();
        assertThat(Literals.exact(BigInteger.ONE)).isNull();
    }

    @Test
    void otherValuesAreNotNumbers() {
        for (Object v : new Object[] {UTF8String.fromString("12"), "12", true, 'x', null}) {
            assertThat(Literals.toDouble(v)).as(String.valueOf(v)).isNull();
            assertThat(Literals.exact(v)).as(String.valueOf(v)).isNull();
        }
    }
}
