package org.mastspark.connector.crossmatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.Healpix;

/**
 * Positions the aligned cross-match must not match: a null position is never matched (a left join keeps its
 * row with nulls), a declination out of range fails the query naming the side, the column and the value.
 */
class HatsCrossmatchPositionsTest {
    private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message m { required int64 id;"
            + " optional double ra; optional double dec; required int64 _healpix_29; }");

    private static SparkSession spark;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    /** A one-partition HATS catalog (order 0, pixel 11, as LSDB's small_sky) of rows {id, ra, dec, healpix29}. */
    static Path catalog(String name, Object[]... rows) throws IOException {
        Path dir = tmp.resolve(name);
        Path file = dir.resolve("dataset/Norder=0/Dir=0/Npix=11.parquet");
        Files.createDirectories(file.getParent());
        Files.writeString(
                dir.resolve("hats.properties"),
                "obs_collection=" + name + "\ndataproduct_type=object\nhats_col_ra=ra\nhats_col_dec=dec\n"
                        + "hats_col_healpix=_healpix_29\nhats_col_healpix_order=29\nhats_npix_suffix=.parquet\n");
        Files.writeString(dir.resolve("partition_info.csv"), "Norder,Npix\n0,11\n");
        SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
        try (ParquetWriter<Group> w = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(SCHEMA)
                .withConf(new Configuration())
                .build()) {
            for (Object[] r : rows) {
                Group g = groups.newGroup().append("id", (long) r[0]);
                if (r[1] != null) {
                    g.append("ra", (double) r[1]);
                }
                if (r[2] != null) {
                    g.append("dec", (double) r[2]);
                }
                w.write(g.append("_healpix_29", (long) r[3]));
            }
        }
        return dir;
    }

    private static HatsSide side(Path dir) {
        return new HatsSide("hats:" + dir, Map.of(), null);
    }

    private static CrossmatchSpec spec(String how) {
        return new CrossmatchSpec(36, 0, 1, how, "ra", "dec", "ra", "dec", "_left", "_right", "_dist_arcsec");
    }

    @Test
    void aNullPositionIsNeverMatchedAndAKeptLeftRowHasNulls() throws IOException {
        long cell = Healpix.nest(29, 282.5, -58.5);
        Path dir = catalog(
                "with_nulls",
                new Object[] {1L, 282.5, -58.5, cell},
                new Object[] {2L, 282.5, null, cell + 1},
                new Object[] {3L, null, -58.5, cell + 2});
        List<String> rows = new ArrayList<>();
        for (Row r : HatsCrossmatch.run(spark, side(dir), HatsCrossmatchTest.right(), spec("left"))
                .select("id_left", "id_right", "_dist_arcsec")
                .collectAsList()) {
            rows.add(r.get(0) + " " + r.get(1) + " " + (r.isNullAt(2) ? "null" : "dist"));
        }
        // small_sky's row 700 is at (282.5, -58.5); its counterpart in small_sky_xmatch is 700
        assertThat(rows).containsExactlyInAnyOrder("1 700 dist", "2 null null", "3 null null");
        assertThat(HatsCrossmatch.run(spark, side(dir), HatsCrossmatchTest.right(), spec("inner"))
                        .select("id_left", "id_right")
                        .collectAsList()
                        .toString())
                .isEqualTo("[[1,700]]");
    }

    @Test
    void aDeclinationOutOfRangeFailsTheQueryNamingSideColumnAndValue() throws IOException {
        long cell = Healpix.nest(29, 282.5, -58.5);
        Path dir =
                catalog("out_of_range", new Object[] {1L, 282.5, -58.5, cell}, new Object[] {2L, 282.5, -95.0, cell});
        assertThatThrownBy(() -> HatsCrossmatch.run(spark, side(dir), HatsCrossmatchTest.right(), spec("inner"))
                        .collectAsList())
                .rootCause()
                .hasMessage("Invalid position in the left side hats:" + dir + ": column 'dec' is -95.0; expected a"
                        + " declination from -90 to 90 degrees (rows with null positions are never matched)");
    }
}
