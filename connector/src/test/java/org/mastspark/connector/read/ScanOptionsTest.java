package org.mastspark.connector.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.MastTableProvider;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.emulator.MastEmulator;
import org.mastspark.emulator.RequestLog;

/**
 * Per-read and per-scan options: each read of one session uses its own options, a reader option beats
 * {@code spark.mast.*}, and the options a scan is built with (a SQL catalog's {@code WITH (...)}) are laid
 * over the table's with the same precedence.
 */
class ScanOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String M101 = "210.802429 54.34875";
    private static MastEmulator mast;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        mast = MastEmulator.builder().seed(7).scale(0.05).build();
        spark = SparkTestSession.get();
    }

    @AfterAll
    static void stop() {
        spark.conf().unset("spark.mast.pagesize");
        spark.conf().unset("spark.mast.radius");
        mast.close();
    }

    private static DataFrameReader observations() {
        return spark.read()
                .format("mast")
                .option("baseUrl", mast.baseUrl())
                .option("coordinates", M101)
                .option("radius", "0.5deg");
    }

    /** The page sizes of the row requests (not the count) MAST was sent since the last clear. */
    private static Set<Integer> rowPageSizes() throws Exception {
        Set<Integer> sizes = new TreeSet<>();
        for (RequestLog.Entry e : mast.requestLog().entries()) {
            if ("Mast.Caom.Filtered.Position".equals(e.service())) {
                JsonNode request = JSON.readTree(e.request());
                if (!request.path("params").path("columns").asText().startsWith("COUNT")) {
                    sizes.add(request.path("pagesize").asInt());
                }
            }
        }
        return sizes;
    }

    private static long readWith(DataFrameReader reader) {
        mast.requestLog().clear();
        return reader.load("observations").collectAsList().size();
    }

    @Test
    void twoReadsOfOnePathInOneSessionUseTheirOwnOptions() throws Exception {
        long seven = readWith(observations().option("pagesize", "7"));
        Set<Integer> sevenSizes = rowPageSizes();
        long eleven = readWith(observations().option("pagesize", "11"));
        assertThat(seven).isGreaterThan(11).isEqualTo(eleven);
        assertThat(sevenSizes).containsExactly(7);
        assertThat(rowPageSizes()).containsExactly(11);
    }

    @Test
    void aReaderOptionBeatsTheSessionConfiguration() throws Exception {
        spark.conf().set("spark.mast.pagesize", "13");
        try {
            long bySession = readWith(observations());
            assertThat(rowPageSizes()).containsExactly(13);
            long byReader = readWith(observations().options(Map.of("pagesize", "17")));
            assertThat(rowPageSizes()).containsExactly(17);
            assertThat(byReader).isEqualTo(bySession).isGreaterThan(17);
        } finally {
            spark.conf().unset("spark.mast.pagesize");
        }
    }

    private static SupportsRead table(String path, Map<String, String> readerOptions) {
        Map<String, String> properties = new HashMap<>(readerOptions);
        properties.put("path", path);
        properties.put("baseUrl", mast.baseUrl());
        properties.put("coordinates", M101);
        return (SupportsRead) new MastTableProvider().getTable(null, new Transform[0], properties);
    }

    private static String scanDescription(SupportsRead table, Map<String, String> scanOptions) {
        return table.newScanBuilder(new CaseInsensitiveStringMap(scanOptions))
                .build()
                .description();
    }

    @Test
    void theOptionsAScanIsBuiltWithReachTheScanOfEveryTable() {
        String within = " within %s deg of " + M101 + " [";
        for (String path : List.of("observations", "catalogs/tic", "missions/hst", "catalogs/panstarrs/dr2/mean")) {
            String cone = within.formatted(3 / 60.0);
            String scanCone = within.formatted(7 / 60.0);
            SupportsRead table = table(path, Map.of("radius", "3arcmin"));
            assertThat(scanDescription(table, Map.of())).as(path).contains(cone);
            // Spark hands a format("mast") scan the reader options again: nothing changes
            assertThat(scanDescription(table, Map.of("path", path, "RADIUS", "3arcmin")))
                    .as(path)
                    .contains(cone);
            // a scan option beats the table's reader option
            assertThat(scanDescription(table, Map.of("radius", "7arcmin")))
                    .as(path)
                    .contains(scanCone);
        }
    }

    @Test
    void aScanOptionBeatsTheSessionConfigurationAsAReaderOptionDoes() {
        spark.conf().set("spark.mast.radius", "5arcmin");
        try {
            SupportsRead table = table("missions/hst", Map.of());
            assertThat(scanDescription(table, Map.of())).contains(" within " + 5 / 60.0 + " deg of " + M101 + " [");
            assertThat(scanDescription(table, Map.of("Radius", "7arcmin")))
                    .contains(" within " + 7 / 60.0 + " deg of " + M101 + " [");
        } finally {
            spark.conf().unset("spark.mast.radius");
        }
    }
}
