package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mastspark.connector.MastTableProvider;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.read.MastTable;
import org.mastspark.connector.sky.Healpix;

/**
 * Every real HATS catalog of the hats and lsdb test suites ({@link PeerHats}) read with {@code format("mast")}:
 * complete, typed as its Parquet schema says, equal to the CSV it was imported from, cones equal to a
 * brute-force distance filter of all its rows, and a cone opening exactly the files of the partitions it
 * touches.
 */
class HatsPeerCatalogsTest {
    private static SparkSession spark;

    /** Every peer catalog (collections are opened by their root elsewhere). */
    static final List<String> CATALOGS = List.of(
            "hats/small_sky",
            "hats/small_sky_source",
            "hats/small_sky_o1_collection/small_sky_order1",
            "hats/small_sky_o1_collection/small_sky_order1_margin",
            "hats/small_sky_o1_collection/small_sky_order1_margin_10arcs",
            "hats/small_sky_o1_collection/small_sky_order1_id_index",
            "lsdb/small_sky",
            "lsdb/small_sky_xmatch",
            "lsdb/small_sky_xmatch_margin");

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    private static Dataset<Row> read(Path catalog, String... options) {
        var reader = spark.read().format("mast");
        for (int i = 0; i < options.length; i += 2) {
            reader = reader.option(options[i], options[i + 1]);
        }
        return reader.load("hats:" + catalog);
    }

    static Stream<String> catalogs() {
        return CATALOGS.stream();
    }

    /** The Spark type each Parquet type of the peer catalogs reads as (Spark's own Parquet reader's choice). */
    private static DataType expectedType(Type t) {
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case INT64 ->
                a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()
                        ? DecimalType.apply(20, 0)
                        : DataTypes.LongType;
            case INT32 ->
                a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.getBitWidth() == 8 && !i.isSigned()
                        ? DataTypes.ShortType
                        : DataTypes.IntegerType;
            case DOUBLE -> DataTypes.DoubleType;
            case BINARY -> DataTypes.StringType;
            default -> throw new AssertionError("the peer catalogs have no column of type " + p);
        };
    }

    @ParameterizedTest
    @MethodSource("catalogs")
    void everyPeerCatalogReadsBackCompleteAndTypedAsItsParquetSchema(String name) {
        Path catalog = PeerHats.catalog(name);
        long declared = Long.parseLong(PeerHats.properties(catalog).getProperty("hats_nrows"));
        assertThat(PeerHats.footerRows(catalog)).as("the partition files' rows").isEqualTo(declared);

        Dataset<Row> df = read(catalog);
        List<String> names = new ArrayList<>();
        List<DataType> types = new ArrayList<>();
        for (Type t : PeerHats.commonSchema(catalog).getFields()) {
            names.add(t.getName());
            types.add(expectedType(t));
        }
        assertThat(df.columns()).containsExactlyElementsOf(names);
        List<DataType> read = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            read.add(f.dataType());
        }
        assertThat(read).containsExactlyElementsOf(types);
        List<Row> rows = df.collectAsList();
        assertThat(rows).hasSize((int) declared);
        assertThat(df.count()).isEqualTo(declared);
        // every value present: hats-import writes no nulls in these catalogs
        for (Row r : rows) {
            for (int i = 0; i < r.size(); i++) {
                assertThat(r.isNullAt(i)).as(name + " " + names.get(i)).isFalse();
            }
        }
    }

    @Test
    void aCountWithoutRegionIsTheSumOfTheRowGroupsCountsComputedOnTheDriver() {
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        Dataset<Row> count = read(catalog).groupBy().count();
        assertThat(count.queryExecution().executedPlan().toString()).contains("[COUNT(*) by MAST]");
        assertThat(count.collectAsList().get(0).getLong(0)).isEqualTo(17_161L);
        // with a region the rows are counted by Spark
        Dataset<Row> cone = read(catalog, "coordinates", "315 -66", "radius", "2deg")
                .groupBy()
                .count();
        assertThat(cone.queryExecution().executedPlan().toString()).doesNotContain("COUNT(*) by MAST");
    }

    static Stream<Arguments> csvInputs() {
        return Stream.of(
                Arguments.of("lsdb/small_sky", "lsdb/raw/small_sky/small_sky.csv"),
                Arguments.of("lsdb/small_sky_xmatch", "lsdb/raw/xmatch/small_sky_xmatch.csv"));
    }

    @ParameterizedTest
    @MethodSource("csvInputs")
    void catalogsEqualTheCsvTheyWereImportedFrom(String name, String csv) throws IOException {
        List<String> lines = Files.readAllLines(PeerHats.catalog(csv));
        List<String> header = List.of(lines.get(0).split(","));
        Dataset<Row> df = read(PeerHats.catalog(name)).orderBy("id");
        List<String> expectedColumns = new ArrayList<>(List.of("_healpix_29"));
        expectedColumns.addAll(header);
        assertThat(df.columns()).containsExactlyElementsOf(expectedColumns);
        List<String[]> expected = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            expected.add(l.split(",", -1));
        }
        expected.sort((a, b) -> Long.compare(Long.parseLong(a[0]), Long.parseLong(b[0])));
        List<Row> rows = df.collectAsList();
        assertThat(rows).hasSize(expected.size());
        Map<Long, Group> stored = PeerHats.groups(PeerHats.catalog(name), "id");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String[] e = expected.get(i);
            // exactly the values parquet-java's own reader finds in the files
            Group g = stored.get(r.getLong(1));
            for (int c = 0; c < r.size(); c++) {
                String column = df.columns()[c];
                Object value = r.get(c);
                assertThat(value)
                        .as("row " + e[0] + " " + column)
                        .isEqualTo(
                                value instanceof Long
                                        ? (Object) g.getLong(column, 0)
                                        : (Object) g.getDouble(column, 0));
            }
            for (int c = 0; c < header.size(); c++) {
                Object v = r.get(c + 1);
                String column = header.get(c);
                if (v instanceof Long l) {
                    assertThat(l).as("row " + e[0] + " " + column).isEqualTo(Long.parseLong(e[c]));
                } else {
                    // the CSV of small_sky_xmatch holds some values with more digits than the imported
                    // catalog kept (calculated_dist 0.0038937371796661955 is 0.0038937371796661 there)
                    double csvValue = Double.parseDouble(e[c]);
                    assertThat((Double) v)
                            .as("row " + e[0] + " " + column)
                            .isCloseTo(csvValue, org.assertj.core.data.Offset.offset(1e-13 * Math.abs(csvValue)));
                }
            }
        }
    }

    /** A cone: catalog, centre, radius in degrees. */
    record Cone(String catalog, String id, String ra, String dec, double cra, double cdec, double radius) {
        @Override
        public String toString() {
            return catalog + " (" + cra + ", " + cdec + ") r=" + radius;
        }
    }

    static Stream<Cone> cones() {
        return Stream.of(
                // across the borders of several order-2 partitions and the order-1 one
                new Cone("hats/small_sky_source", "source_id", "source_ra", "source_dec", 315.0, -66.0, 4.0),
                new Cone("hats/small_sky_source", "source_id", "source_ra", "source_dec", 322.5, -61.5, 1.5),
                // wide: most of the catalog
                new Cone("hats/small_sky_source", "source_id", "source_ra", "source_dec", 310.0, -55.0, 15.0),
                // far from every row
                new Cone("hats/small_sky_source", "source_id", "source_ra", "source_dec", 100.0, 60.0, 1.0),
                new Cone("lsdb/small_sky", "id", "ra", "dec", 300.0, -50.0, 10.0),
                new Cone("lsdb/small_sky_xmatch", "id", "ra", "dec", 315.0, -42.0, 12.0),
                new Cone("hats/small_sky_o1_collection/small_sky_order1", "id", "ra", "dec", 290.0, -60.0, 7.5),
                // margin caches: their partitions hold rows outside their pixels
                new Cone("lsdb/small_sky_xmatch_margin", "id", "ra", "dec", 315.0, -42.0, 12.0),
                new Cone("hats/small_sky_o1_collection/small_sky_order1_margin", "id", "ra", "dec", 300.0, -45.0, 8.0));
    }

    @ParameterizedTest
    @MethodSource("cones")
    void conesEqualABruteForceDistanceFilterOfAllRows(Cone cone) {
        Path catalog = PeerHats.catalog(cone.catalog());
        List<PeerHats.Row> all = PeerHats.rows(catalog, cone.id(), cone.ra(), cone.dec());
        Set<Long> expected = new TreeSet<>();
        Set<Path> files = new LinkedHashSet<>();
        for (PeerHats.Row r : all) {
            double d = PeerHats.distanceDeg(cone.cra(), cone.cdec(), r.ra(), r.dec());
            assertThat(Math.abs(d - cone.radius()))
                    .as("no row on the rim, where rounding could decide")
                    .isGreaterThan(1e-9);
            if (d <= cone.radius()) {
                assertThat(expected.add(r.id())).as("ids are unique").isTrue();
                files.add(r.file());
            }
        }
        Dataset<Row> df = read(catalog, "coordinates", cone.cra() + " " + cone.cdec(), "radius", cone.radius() + "deg")
                .select(cone.id());
        List<Long> ids = new ArrayList<>();
        for (Row r : df.collectAsList()) {
            ids.add(r.getLong(0));
        }
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(ids)).isEqualTo(expected);
        if (cone.cra() == 315.0 && cone.cdec() == -66.0) {
            assertThat(files).as("the cone crosses partition borders").hasSizeGreaterThan(2);
        }
    }

    /** Points of a cone: its centre, rings to the rim, the rim itself (spherical offsets by plain trigonometry). */
    private static List<double[]> sample(double ra, double dec, double radius) {
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {ra, dec});
        double p1 = Math.toRadians(dec);
        for (int ring = 1; ring <= 60; ring++) {
            double d = Math.toRadians(radius * ring / 60);
            int n = ring == 60 ? 7200 : 360;
            for (int k = 0; k < n; k++) {
                double b = 2 * Math.PI * k / n;
                double p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
                double l2 = Math.toRadians(ra)
                        + Math.atan2(
                                Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
                out.add(new double[] {(Math.toDegrees(l2) % 360 + 360) % 360, Math.toDegrees(p2)});
            }
        }
        return out;
    }

    /** What a read of the cone planned and opened, through the DataSource V2 API (as Spark's executors read). */
    private record Opened(Set<String> planned, long filesOpened, long rowGroupsRead, long rows) {}

    private static Opened open(Path catalog, String... options) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("path", "hats:" + catalog);
        for (int i = 0; i < options.length; i += 2) {
            props.put(options[i], options[i + 1]);
        }
        MastTable table = (MastTable) new MastTableProvider().getTable(null, new Transform[0], props);
        Scan scan = table.newScanBuilder(new CaseInsensitiveStringMap(Map.of())).build();
        Batch batch = scan.toBatch();
        Set<String> planned = new TreeSet<>();
        long opened = 0;
        long groups = 0;
        long rows = 0;
        for (InputPartition p : batch.planInputPartitions()) {
            for (HatsPartition.Split s : ((HatsPartition) p).splits()) {
                planned.add(s.order() + "/" + s.pixel());
            }
            try (PartitionReader<InternalRow> reader =
                    batch.createReaderFactory().createReader(p)) {
                while (reader.next()) {
                    rows++;
                }
                for (CustomTaskMetric m : reader.currentMetricsValues()) {
                    if (m.name().equals("filesOpened")) {
                        opened += m.value();
                    } else if (m.name().equals("rowGroupsRead")) {
                        groups += m.value();
                    }
                }
            }
        }
        return new Opened(planned, opened, groups, rows);
    }

    @ParameterizedTest
    @ValueSource(strings = {"315 -66 4", "322.5 -61.5 1.5", "310 -55 15", "100 60 1", "300 -42 0.5"})
    void aConeOpensTheFilesOfExactlyThePartitionsItIntersects(String cone) throws IOException {
        String[] c = cone.split(" ");
        double ra = Double.parseDouble(c[0]);
        double dec = Double.parseDouble(c[1]);
        double radius = Double.parseDouble(c[2]);
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        Set<String> partitions = new TreeSet<>();
        for (Path f : PeerHats.dataFiles(catalog)) {
            String s = f.toString();
            int order = Integer.parseInt(s.replaceAll(".*Norder=(\\d+)/.*", "$1"));
            long pixel = Long.parseLong(s.replaceAll(".*Npix=(\\d+)\\.parquet$", "$1"));
            partitions.add(order + "/" + pixel);
        }
        Set<String> intersected = new TreeSet<>();
        for (double[] p : sample(ra, dec, radius)) {
            for (int order = 0; order <= 2; order++) {
                String key = order + "/" + Healpix.nest(order, p[0], p[1]);
                if (partitions.contains(key)) {
                    intersected.add(key);
                }
            }
        }
        Opened opened = open(catalog, "coordinates", c[0] + " " + c[1], "radius", c[2] + "deg");
        assertThat(opened.planned()).isEqualTo(intersected);
        assertThat(opened.filesOpened()).isEqualTo(intersected.size());
    }

    @Test
    void withinAPartitionTheHealpixRangesSkipRowGroupsOutsideTheCone() throws IOException {
        // Npix=185 (order 2) has three row groups (1000, 1000, 942 rows) sorted by _healpix_29: a small cone around a
        // row of the second reads that one
        Path catalog = PeerHats.catalog("hats/small_sky_source");
        List<PeerHats.Row> rows = PeerHats.rows(catalog, "source_id", "source_ra", "source_dec");
        PeerHats.Row middle = rows.stream()
                .filter(r -> r.file().toString().endsWith("Norder=2/Dir=0/Npix=185.parquet"))
                .skip(1_500)
                .findFirst()
                .orElseThrow();
        Opened all = open(catalog);
        Opened cone = open(catalog, "coordinates", middle.ra() + " " + middle.dec(), "radius", "0.02deg");
        assertThat(cone.planned()).containsExactly("2/185");
        assertThat(cone.filesOpened()).isEqualTo(1);
        assertThat(cone.rowGroupsRead()).isEqualTo(1);
        assertThat(all.filesOpened()).isEqualTo(14);
        assertThat(all.rows()).isEqualTo(17_161);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hats/small_sky_source", "lsdb/small_sky_xmatch", "hats/small_sky_o1_collection"})
    void everyRowsHealpixIndexLiesInItsPartitionsPixel(String name) {
        Dataset<Row> df = read(PeerHats.catalog(name)).select("_healpix_29", "_hats_order", "_hats_pixel");
        List<Row> rows = df.collectAsList();
        assertThat(rows).isNotEmpty();
        Set<String> pixels = new TreeSet<>();
        for (Row r : rows) {
            long h = r.getLong(0);
            int order = r.getInt(1);
            long pixel = r.getLong(2);
            assertThat(h >>> (2 * (29 - order))).as("_healpix_29 " + h).isEqualTo(pixel);
            pixels.add(order + "/" + pixel);
        }
        Set<String> files = new TreeSet<>();
        for (Path f :
                PeerHats.dataFiles(PeerHats.catalog(name.endsWith("collection") ? name + "/small_sky_order1" : name))) {
            String s = f.toString();
            files.add(s.replaceAll(".*Norder=(\\d+)/.*", "$1") + "/" + s.replaceAll(".*Npix=(\\d+)\\.parquet$", "$1"));
        }
        assertThat(pixels).isEqualTo(files);
    }
}
