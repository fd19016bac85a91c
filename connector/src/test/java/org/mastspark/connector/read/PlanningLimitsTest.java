package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.sky.SkyRegion;
import org.mastspark.connector.sky.SkyTiler;
import org.mastspark.connector.text.Echo;
import org.mastspark.emulator.MastEmulator;

/**
 * What planning refuses before it asks MAST for rows: reads that would send more requests than
 * {@code maxPlannedRequests} allows, and the echo of huge option values in the errors that name them.
 */
class PlanningLimitsTest {
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(42).scale(0.05).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        mast.close();
    }

    @BeforeEach
    void clearLog() {
        mast.requestLog().clear();
    }

    private static DataFrameReader read() {
        return spark.read().format("mast").option("baseUrl", mast.baseUrl()).option("retryBackoffMillis", "1");
    }

    @Test
    void anEchoedValueIsWholeUpTo200Characters() {
        assertThat(Echo.of("x".repeat(200))).isEqualTo("x".repeat(200));
        assertThat(Echo.of("y".repeat(201))).isEqualTo("y".repeat(200) + "... (201 characters)");
        assertThat(Echo.of(null)).isEqualTo("null");
    }

    @Test
    void aHugeParamsValueIsEchoedByItsFirst200CharactersAndItsLength() {
        String params = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> read().option("params", params).load("portal:Mast.Caom.Cone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '" + "[".repeat(200) + "... (200,000 characters)' for option 'params':"
                        + " expected a JSON object such as {\"ra\": 23.34, \"dec\": 60.66, \"radius\": 0.2}");
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    private static final String FIX = ": narrow the read (a smaller radius, more selective filters), or raise option"
            + " 'maxPlannedRequests' to at least ";

    /**
     * A whole-sky hst cone is every HEALPix cell of order 7 (12 * 4^7 = 196,608), the coarsest order whose
     * cells' circumscribing cones are within 30 arcmin.
     */
    @Test
    void aWholeSkyMissionConeIsRefusedBeforeAnySearch() {
        assertThatThrownBy(() -> read().option("coordinates", "210.8 54.35")
                        .option("radius", "180deg")
                        .load("missions/hst")
                        .rdd()
                        .getNumPartitions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Reading missions/hst would send at least 196,608 requests to MAST (a search per tile:"
                        + " a cone of 180.0 deg is covered by 196608 tiles of at most 30 arcmin), more than option"
                        + " 'maxPlannedRequests' allows (2,000)" + FIX + "196608 if MAST may take that many requests");
        assertThat(mast.requestLog().entries()).noneMatch(e -> e.path().startsWith("/search/hst/api/v0.1/search"));
    }

    /** A 30 degree Pan-STARRS cone is thousands of tiles of at most 0.5 degree. */
    @Test
    void aThirtyDegreePanstarrsConeIsRefusedBeforeAnyQuery() {
        int tiles = SkyTiler.fixed(new SkyRegion.Cone(150.1, 2.2, 30), 0.5).size();
        assertThat(tiles).isGreaterThan(5_000);
        assertThatThrownBy(() -> read().option("coordinates", "150.1 2.2")
                        .option("radius", "30deg")
                        .load("catalogs/panstarrs/dr2/mean")
                        .rdd()
                        .getNumPartitions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.format(
                        Locale.ROOT,
                        "Reading catalogs/panstarrs/dr2/mean would send at least %,d requests to MAST (a query per"
                                + " tile: a cone of 30.0 deg is covered by %d tiles of at most 0.5 deg), more than"
                                + " option 'maxPlannedRequests' allows (2,000)" + FIX + "%d if MAST may take that"
                                + " many requests",
                        tiles,
                        tiles,
                        tiles));
        assertThat(mast.requestLog().entries()).noneMatch(e -> e.path().endsWith("/panstarrs/dr2/mean.json"));
    }

    /** A tiled mission read within the raised limit runs; the same read under a lower one is refused. */
    @Test
    void theOptionRaisesOrLowersTheCeiling() {
        DataFrameReader twoDegrees = read().option("coordinates", "210.8 54.35").option("radius", "2deg");
        assertThatThrownBy(() -> twoDegrees
                        .option("maxPlannedRequests", "5")
                        .load("missions/hst")
                        .rdd()
                        .getNumPartitions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Reading missions/hst would send at least ")
                .hasMessageContaining("more than option 'maxPlannedRequests' allows (5)");
        assertThat(mast.requestLog().entries()).noneMatch(e -> e.path().startsWith("/search/hst/api/v0.1/search"));
        assertThat(read().option("coordinates", "210.8 54.35")
                        .option("radius", "2deg")
                        .option("maxPlannedRequests", "100")
                        .load("missions/hst")
                        .count())
                .isPositive();
    }

    /** Observations in tiny pages: refused after the one count, before any page is asked. */
    @Test
    void observationsInTooManyPagesAreRefusedAfterTheirCount() {
        long rows = mast.sky().observationCount();
        long pages = (rows + 99) / 100;
        assertThat(pages).isGreaterThan(50);
        assertThatThrownBy(() -> read().option("pagesize", "100")
                        .option("maxPlannedRequests", "50")
                        .load("observations")
                        .rdd()
                        .getNumPartitions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(String.format(
                        Locale.ROOT,
                        "Reading observations would send at least %,d requests to MAST (a request per page: %d rows"
                                + " in pages of 100), more than option 'maxPlannedRequests' allows (50)" + FIX
                                + "%d if MAST may take that many requests",
                        pages + 1,
                        rows,
                        pages + 1));
        assertThat(mast.requestLog().entries()).hasSize(1);
    }

    /** A whole-sky catalog cone is refused after its density sample, before it counts more cells than allowed. */
    @Test
    void aWholeSkyCatalogConeIsRefusedBeforeCountingCells() {
        assertThatThrownBy(() -> read().option("coordinates", "120 -35")
                        .option("radius", "180deg")
                        .option("maxPlannedRequests", "20")
                        .load("catalogs/gaia")
                        .rdd()
                        .getNumPartitions())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Reading catalogs/gaia dr3 would send at least ")
                .hasMessageContaining("(a count per HEALPix cell")
                .hasMessageContaining("more than option 'maxPlannedRequests' allows (20)");
        assertThat(mast.requestLog().entries()).hasSizeLessThanOrEqualTo(20);
    }

    /** The columns of a read as the source declares them (no .schema), joined for the expected message. */
    private static String columnsOf(String path, String... options) {
        DataFrameReader r = read();
        for (int k = 0; k < options.length; k += 2) {
            r = r.option(options[k], options[k + 1]);
        }
        return String.join(", ", r.load(path).schema().fieldNames());
    }

    @Test
    void aUserSchemaNamingColumnsTheSourceDoesNotHaveIsRefusedAtLoad() {
        String expected = "The schema given with .schema(...) names columns observations does not have: foo, bar."
                + " Its columns are: " + columnsOf("observations") + ". Use those names (they are case-sensitive),"
                + " or drop .schema(...) to read the source's schema";
        mast.requestLog().clear();
        assertThatThrownBy(() -> read().schema("foo INT, bar STRING").load("observations"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(expected);
        assertThat(mast.requestLog().entries()).isEmpty();
    }

    @Test
    void aMissionSchemaIsCheckedAgainstItsColumnList() {
        String hst = columnsOf("missions/hst");
        mast.requestLog().clear();
        assertThatThrownBy(() -> read().option("coordinates", "210.8 54.35")
                        .schema("sci_data_set_name STRING, SCI_PEP_ID LONG")
                        .load("missions/hst"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The schema given with .schema(...) names a column missions/hst does not have:"
                        + " SCI_PEP_ID. Its columns are: " + hst + ". Use those names (they are case-sensitive), or"
                        + " drop .schema(...) to read the source's schema");
        assertThatThrownBy(() -> read().option("coordinates", "210.8 54.35")
                        .schema("sci_data_set_name STRING, sci_pep_id BOOLEAN")
                        .load("missions/hst"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Column 'sci_pep_id' has type boolean in the schema given with .schema(...), but"
                        + " missions/hst declares it bigint, which cannot be converted to boolean: declare it bigint"
                        + " (or string), or drop .schema(...)");
        assertThat(mast.requestLog().entries()).noneMatch(e -> e.path().endsWith("/search"));
        // a schema of the source's columns, narrowed and retyped where values convert, reads them
        List<Row> rows = read().option("coordinates", "210.8 54.35")
                .option("radius", "10arcmin")
                .schema("sci_data_set_name STRING, sci_pep_id INT, sci_ra STRING")
                .load("missions/hst")
                .collectAsList();
        assertThat(rows).isNotEmpty().allSatisfy(r -> {
            assertThat(r.getString(0)).isNotNull();
            assertThat(r.getString(2)).isNotNull();
        });
    }

    @Test
    void panstarrsCatalogAndPortalSchemasAreCheckedToo() {
        String mean = columnsOf("catalogs/panstarrs/dr2/mean");
        assertThatThrownBy(() -> read().schema("objID LONG, nosuch DOUBLE").load("catalogs/panstarrs/dr2/mean"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The schema given with .schema(...) names a column catalogs/panstarrs/dr2/mean does not"
                        + " have: nosuch. Its columns are: " + mean + ". Use those names (they are case-sensitive), or"
                        + " drop .schema(...) to read the source's schema");
        String gaia = columnsOf("catalogs/gaia", "coordinates", "120 -35");
        assertThatThrownBy(() -> read().option("coordinates", "120 -35")
                        .schema("foo INT")
                        .load("catalogs/gaia"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The schema given with .schema(...) names a column catalogs/gaia does not have: foo."
                        + " Its columns are: " + gaia + ". Use those names (they are case-sensitive), or drop"
                        + " .schema(...) to read the source's schema");
        String params = "{\"ra\": 210.8, \"dec\": 54.35, \"radius\": 0.1}";
        String cone = columnsOf("portal:Mast.Caom.Cone", "params", params);
        assertThatThrownBy(() -> read().option("params", params)
                        .schema("obsid STRING, bar STRING")
                        .load("portal:Mast.Caom.Cone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The schema given with .schema(...) names a column portal:Mast.Caom.Cone does not have:"
                        + " bar. Its columns are: " + cone + ". Use those names (they are case-sensitive), or drop"
                        + " .schema(...) to read the source's schema");
    }
}
