package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;

/**
 * A cone written with the SQL catalog's {@code mast.in_cone} on a HATS catalog's position columns (its
 * properties' {@code hats_col_ra}/{@code hats_col_dec}) is the read's cone: the same plan and rows as options
 * {@code coordinates} and {@code radius}, and the rows a brute-force filter of the catalog keeps.
 */
class SqlConeHatsTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        // a session of its own: a session keeps the first catalog it built under a name
        spark = SparkTestSession.get().newSession();
        spark.conf().set("spark.sql.catalog.mast", org.mastspark.connector.sql.MastSqlCatalog.class.getName());
    }

    private static List<Long> ids(Dataset<Row> df) {
        List<Long> ids = new ArrayList<>();
        for (Row r : df.select("source_id").collectAsList()) {
            ids.add(r.getLong(0));
        }
        ids.sort(null);
        return ids;
    }

    private static String scan(Dataset<Row> df) {
        return df.queryExecution()
                .executedPlan()
                .toString()
                .lines()
                .filter(l -> l.contains("BatchScan"))
                .findFirst()
                .orElse("");
    }

    @Test
    void aSqlConeOnTheCatalogsPositionColumnsIsTheReadsCone() {
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        List<Long> expected = new ArrayList<>();
        for (PeerHats.Row r : PeerHats.rows(catalog, "source_id", "source_ra", "source_dec")) {
            if (PeerHats.distanceDeg(315, -66, r.ra(), r.dec()) <= 4) {
                expected.add(r.id());
            }
        }
        expected.sort(null);
        Dataset<Row> sql = spark.read()
                .format("mast")
                .load("hats:" + catalog)
                .where(functions.expr("mast.in_cone(source_ra, source_dec, 315, -66, 4)"));
        Dataset<Row> options = spark.read()
                .format("mast")
                .option("coordinates", "315 -66")
                .option("radius", "4deg")
                .load("hats:" + catalog);
        assertThat(scan(sql))
                .contains("[cone pushed as the search region: in_cone(source_ra, source_dec, 315.0, -66.0, 4.0) ->"
                        + " coordinates '315 -66', radius '4deg']")
                .contains(scan(options).replaceAll(".*\\] (MAST hats.*?) RuntimeFilters.*", "$1"));
        assertThat(ids(sql)).isNotEmpty().isEqualTo(expected).isEqualTo(ids(options));
    }
}
