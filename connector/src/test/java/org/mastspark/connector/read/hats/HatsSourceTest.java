package org.mastspark.connector.read.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.MastTableProvider;
import org.mastspark.connector.SparkTestSession;
import org.mastspark.connector.hats.HatsCatalog;
import org.mastspark.connector.read.MastTable;

/**
 * The HATS source's paths, collections and margins, planning (packing, splitting, one task per pixel),
 * pushdown, plans, and its errors, on the peer catalogs ({@link PeerHats}) and altered copies of them.
 */
class HatsSourceTest {
    private static SparkSession spark;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        spark = SparkTestSession.get();
    }

    @AfterEach
    void resetSettings() {
        spark.conf().unset("spark.sql.files.maxPartitionBytes");
        spark.conf().unset("spark.sql.files.openCostInBytes");
        spark.conf().unset("spark.sql.files.minPartitionNum");
    }

    private static Dataset<Row> read(Object catalog, String... options) {
        var reader = spark.read().format("mast");
        for (int i = 0; i < options.length; i += 2) {
            reader = reader.option(options[i], options[i + 1]);
        }
        return reader.load("hats:" + catalog);
    }

    private static List<Long> ids(Dataset<Row> df, String column) {
        List<Long> ids = new ArrayList<>();
        for (Row r : df.select(column).collectAsList()) {
            ids.add(r.getLong(0));
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    private Path copy(String catalog) throws IOException {
        Path from = PeerHats.catalog(catalog);
        Path to = temp.resolve(from.getFileName());
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
        return to;
    }

    @Test
    void aCollectionOpensItsPrimaryCatalogAndKnowsItsMargins() {
        Path collection = PeerHats.catalog("hats/small_sky_o1_collection");
        assertThat(read(collection).count()).isEqualTo(131);
        assertThat(ids(read(collection), "id")).isEqualTo(ids(read(PeerHats.catalog("lsdb/small_sky")), "id"));
        HatsSource source = HatsSource.of("hats:" + collection, MastOptions.of(Map.of()));
        assertThat(source.catalog().root()).isEqualTo(collection + "/small_sky_order1");
        assertThat(source.catalog().margins())
                .containsExactly(
                        new HatsCatalog.Margin(collection + "/small_sky_order1_margin", 7200.0),
                        new HatsCatalog.Margin(collection + "/small_sky_order1_margin_10arcs", 10.0));
        assertThat(source.margin()).isEqualTo(new HatsCatalog.Margin(collection + "/small_sky_order1_margin", 7200.0));
    }

    @Test
    void optionMarginNamesTheMarginCacheOfACatalog() {
        Path xmatch = PeerHats.catalog("lsdb/small_sky_xmatch");
        Path margin = PeerHats.catalog("lsdb/small_sky_xmatch_margin");
        assertThat(HatsSource.of("hats:" + xmatch, MastOptions.of(Map.of())).margin())
                .isNull();
        assertThat(HatsSource.of("hats:" + xmatch, MastOptions.of(Map.of("margin", margin.toString())))
                        .margin())
                .isEqualTo(new HatsCatalog.Margin(margin.toString(), 8245.167388361773));
        // the margin catalog reads as a catalog of its own
        HatsCatalog m =
                HatsSource.of("hats:" + margin, MastOptions.of(Map.of())).catalog();
        assertThat(m.isMargin()).isTrue();
        assertThat(m.primaryTableUrl()).isEqualTo("small_sky_xmatch");
        assertThat(m.marginThresholdArcsec()).isEqualTo(8245.167388361773);
        assertThat(read(margin).count()).isEqualTo(39);
        assertThatThrownBy(() -> HatsSource.of("hats:" + xmatch, MastOptions.of(Map.of("margin", xmatch.toString())))
                        .margin())
                .hasMessage("Not a HATS margin catalog: " + xmatch + " has dataproduct_type=object; expected margin");
    }

    @Test
    void smallFilesArePackedIntoOneTaskLargeOnesSplitByRowGroupsAndOptionPartitionPerPixelGivesOneTaskEach() {
        Path source = PeerHats.catalog("hats/small_sky_source");
        List<Long> all = ids(read(source), "source_id");
        assertThat(all).hasSize(17_161);
        // 14 files of 3-130 kB, each costing Spark's 4 MB open cost: one task when the parallelism asks for one
        spark.conf().set("spark.sql.files.minPartitionNum", "1");
        assertThat(read(source).rdd().getNumPartitions()).isEqualTo(1);
        spark.conf().unset("spark.sql.files.minPartitionNum");
        assertThat(read(source, "partitionPerPixel", "true").rdd().getNumPartitions())
                .isEqualTo(14);
        // 60 kB splits: Npix=185 (3 row groups, 130 kB) becomes 3 splits, one row group each
        spark.conf().set("spark.sql.files.maxPartitionBytes", "60k");
        spark.conf().set("spark.sql.files.openCostInBytes", "0");
        Dataset<Row> split = read(source);
        int tasks = split.rdd().getNumPartitions();
        assertThat(tasks).isGreaterThan(14);
        assertThat(ids(split, "source_id")).isEqualTo(all);
        long ranges = 0;
        for (InputPartition p : planned(source)) {
            for (HatsPartition.Split s : ((HatsPartition) p).splits()) {
                if (s.start() > 0 || s.end() != Long.MAX_VALUE) {
                    ranges++;
                }
            }
        }
        assertThat(ranges).isGreaterThan(0);
        assertThat(ids(read(source, "partitionPerPixel", "true"), "source_id")).isEqualTo(all);
    }

    /** The partitions a read of the catalog plans, through the DataSource V2 API. */
    private static InputPartition[] planned(Path catalog) {
        Map<String, String> props = Map.of("path", "hats:" + catalog);
        MastTable table = (MastTable) new MastTableProvider().getTable(null, new Transform[0], props);
        return table.newScanBuilder(new CaseInsensitiveStringMap(Map.of()))
                .build()
                .toBatch()
                .planInputPartitions();
    }

    @Test
    void filtersReachParquetAndSparkRechecksThem() {
        Path source = PeerHats.catalog("hats/small_sky_source");
        List<PeerHats.Row> rows = PeerHats.rows(source, "source_id", "source_ra", "source_dec");
        List<Long> expected = rows.stream()
                .filter(r -> r.id() >= 70_000 && r.id() < 70_100)
                .map(PeerHats.Row::id)
                .sorted()
                .toList();
        assertThat(expected).isNotEmpty();
        Dataset<Row> df = read(source).where("source_id >= 70000 AND source_id < 70100");
        assertThat(ids(df, "source_id")).isEqualTo(expected);
        String plan = df.queryExecution().executedPlan().toString();
        assertThat(plan).contains("[filters=source_id >= 70000 AND source_id < 70100 AND source_id IS NOT NULL]");
        // Spark re-checks what Parquet was given
        assertThat(plan).contains("Filter");
        assertThat(read(source).where("band = 'r'").count())
                .isEqualTo(read(source).collectAsList().stream()
                        .filter(r -> "r".equals(r.getAs("band")))
                        .count());
    }

    @Test
    void aRangeOnTheCoordinatesPrunesPartitionsAndPlansShowTheRegionAndThePartitionsKept() {
        Path source = PeerHats.catalog("hats/small_sky_source");
        List<PeerHats.Row> all = PeerHats.rows(source, "source_id", "source_ra", "source_dec");
        List<Long> north = all.stream()
                .filter(r -> r.dec() > -30)
                .map(PeerHats.Row::id)
                .sorted()
                .toList();
        long filesWithRows = all.stream()
                .filter(r -> r.dec() > -30)
                .map(PeerHats.Row::file)
                .distinct()
                .count();
        assertThat(north).isNotEmpty();
        Dataset<Row> box = read(source).where("source_dec > -30");
        assertThat(ids(box, "source_id")).isEqualTo(north);
        String plan = box.queryExecution().executedPlan().toString();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "MAST hats:\\S+ \\[source small_sky_source\\] in box ra 0\\.0\\.\\.360\\.0 dec"
                                + " -30\\.0\\.\\.90\\.0: (\\d+) of 14 partitions \\[filters=source_dec IS NOT NULL\\]")
                .matcher(plan);
        assertThat(m.find()).as(plan).isTrue();
        assertThat(Long.parseLong(m.group(1))).isBetween(filesWithRows, 13L);

        String cone = read(source, "coordinates", "315 -66", "radius", "4deg")
                .queryExecution()
                .executedPlan()
                .toString();
        assertThat(cone)
                .containsPattern(
                        "MAST hats:" + java.util.regex.Pattern.quote(source.toString())
                                + " \\[source small_sky_source\\] within 4.0 deg of 315 -66: \\d+ of 14 partitions \\[filters=\\]");
    }

    @Test
    void aLimitStopsThePartitionsEarly() {
        Dataset<Row> df = read(PeerHats.catalog("hats/small_sky_source")).limit(7);
        assertThat(df.collectAsList()).hasSize(7);
        assertThat(df.queryExecution().executedPlan().toString()).contains("[limit=7]");
    }

    @Test
    void optionHealpixAddsTheRowsCellAtTheOrderAsked() {
        Path small = PeerHats.catalog("lsdb/small_sky");
        List<Row> rows = read(small, "healpixOrder", "29")
                .select("_healpix_29", "healpix")
                .collectAsList();
        assertThat(rows).hasSize(131);
        for (Row r : rows) {
            assertThat(r.getLong(1)).isEqualTo(r.getLong(0));
        }
        List<Row> order5 = read(small, "healpixOrder", "5")
                .select("_healpix_29", "healpix")
                .collectAsList();
        for (Row r : order5) {
            assertThat(r.getLong(1)).isEqualTo(r.getLong(0) >>> 48);
        }
    }

    // ---- errors ----

    @Test
    void aPathThatIsNoHatsCatalogSaysWhichFilesItLookedFor() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));
        assertThatThrownBy(() -> read(empty).schema())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a HATS catalog: " + empty
                        + " has none of hats.properties, properties (a catalog) or collection.properties (a"
                        + " collection); give the root directory of a catalog written by hats-import");
        Path noData = copy("lsdb/small_sky");
        Files.delete(noData.resolve("partition_info.csv"));
        try (Stream<Path> files = Files.walk(noData.resolve("dataset"))) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
        assertThatThrownBy(() -> read(noData).schema())
                .hasMessage("Not a HATS catalog: " + noData + " has no partition_info.csv and no dataset directory"
                        + " (dataset/_metadata or dataset/Norder=k/Dir=d/Npix=n.parquet)");
    }

    @Test
    void aMissingPartitionFileIsNamed() throws IOException {
        Path c = copy("lsdb/small_sky");
        Files.delete(c.resolve("dataset/Norder=0/Dir=0/Npix=11.parquet"));
        assertThatThrownBy(() -> read(c).collectAsList())
                .hasMessage("HATS catalog " + c + ": partition Norder=0/Npix=11 is listed but its file"
                        + " dataset/Norder=0/Dir=0/Npix=11.parquet is missing");
    }

    @Test
    void withoutPartitionInfoOrMetadataThePartitionsAreListedAndTheSchemaTakenFromAFile() throws IOException {
        Path c = copy("hats/small_sky_source");
        Files.delete(c.resolve("partition_info.csv"));
        Files.delete(c.resolve("dataset/_metadata"));
        Files.delete(c.resolve("dataset/_common_metadata"));
        Dataset<Row> df = read(c);
        assertThat(df.columns()).contains("source_id", "source_ra", "band");
        assertThat(df.count()).isEqualTo(17_161);
        assertThat(HatsSource.of("hats:" + c, MastOptions.of(Map.of()))
                        .catalog()
                        .partitions()
                        .size())
                .isEqualTo(14);
    }

    @Test
    void propertiesNamingColumnsTheSchemaLacksSaySo() throws IOException {
        Path c = copy("lsdb/small_sky");
        Path props = c.resolve("hats.properties");
        Files.writeString(props, Files.readString(props).replace("hats_col_ra=ra", "hats_col_ra=ra_deg"));
        assertThatThrownBy(() -> read(c).schema())
                .hasMessage("HATS catalog " + c + ": its properties name column 'ra_deg' (hats_col_ra), which is"
                        + " not in the catalog's schema; its columns are _healpix_29, id, ra, dec, ra_error,"
                        + " dec_error");
    }

    @Test
    void anUnknownShortNameListsThePublishedOnes() {
        assertThatThrownBy(() -> spark.read().format("mast").load("hats/gaia_dr2"))
                .hasMessage("Invalid value 'hats/gaia_dr2' for the path of load(): no HATS catalog is published as"
                        + " 'gaia_dr2'; expected one of hats/gaia_dr3, hats/ps1_otmo, hats/ps1_otmo_10arcs, or"
                        + " hats:<root of a HATS catalog> such as hats:s3a://stpubdata/gaia/gaia_dr3/public/hats");
        assertThatThrownBy(() -> spark.read().format("mast").load("hats:"))
                .hasMessageStartingWith("Invalid value 'hats:' for the path of load(): a HATS read needs the"
                        + " catalog's root after 'hats:'");
        assertThatThrownBy(() -> spark.read().format("mast").load("nowhere"))
                .hasMessageContaining("'hats:<root of a HATS catalog>' such as"
                        + " 'hats:s3a://stpubdata/gaia/gaia_dr3/public/hats', or 'hats/<name>' (gaia_dr3, ps1_otmo,"
                        + " ps1_otmo_10arcs)");
    }

    @Test
    void shortNamesResolveUnderOptionHatsRoot() throws IOException {
        Path root = temp.resolve("bucket");
        Path target = root.resolve("panstarrs/ps1/public/hats");
        Files.createDirectories(target);
        Path otmo = copy("lsdb/small_sky_xmatch");
        Files.move(otmo, target.resolve("otmo"));
        Path margin = copy("lsdb/small_sky_xmatch_margin");
        Files.move(margin, target.resolve("otmo_10arcs"));
        Dataset<Row> df =
                spark.read().format("mast").option("hatsRoot", root.toString()).load("hats/ps1_otmo");
        assertThat(df.count()).isEqualTo(111);
        HatsSource source = HatsSource.of("hats/ps1_otmo", MastOptions.of(Map.of("hatsRoot", root.toString())));
        assertThat(source.describe()).isEqualTo("hats/ps1_otmo");
        assertThat(source.margin()).isEqualTo(new HatsCatalog.Margin(target + "/otmo_10arcs", 8245.167388361773));
    }

    @Test
    void optionsThatDoNotApplyToAHatsReadAreRefused() {
        Path small = PeerHats.catalog("lsdb/small_sky");
        assertThatThrownBy(() -> read(small, "version", "dr3").schema())
                .hasMessage("Option 'version' does not apply to a HATS read (hats:" + small + "): it is for"
                        + " catalogs/gaia and catalogs/hsc; leave it out (a HATS read takes coordinates or target,"
                        + " radius, healpix, healpixOrder, margin, partitionPerPixel, hatsRoot and fs.* Hadoop"
                        + " settings)");
        assertThatThrownBy(() -> read(small, "radius", "1deg").schema())
                .hasMessage("Option 'radius' was given without 'coordinates' or 'target': a HATS read of hats:"
                        + small + " has no cone without a centre; add one of them, or leave 'radius' out to read the"
                        + " whole catalog");
        Path index = PeerHats.catalog("hats/small_sky_o1_collection/small_sky_order1_id_index");
        assertThatThrownBy(() -> read(index, "coordinates", "300 -50").schema())
                .hasMessage("Option 'coordinates' does not apply to hats:" + index + ": the HATS catalog has no"
                        + " positions (its properties name no hats_col_ra and hats_col_dec; dataproduct_type=index);"
                        + " leave it out");
    }
}
