package org.mastspark.emulator.hats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mastspark.emulator.sky.Field;
import org.mastspark.emulator.sky.PanstarrsQuery;
import org.mastspark.emulator.sky.ResultTable;
import org.mastspark.emulator.sky.SyntheticSky;

/** The synthetic HATS catalogs: the real layout, exactly the services' rows, exact margins, same bytes each time. */
class HatsWriterTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final SyntheticSky SKY = new SyntheticSky(42, 0.1);
    static final double RA = 150.0;
    static final double DEC = 2.2;
    static final HatsFootprint FOOTPRINT = HatsFootprint.cone(RA, DEC, 0.5);

    @TempDir
    static Path tmp;

    static HatsWriter.Written[] gaia;
    static HatsWriter.Written[] ps1;

    @BeforeAll
    static void write() {
        gaia = new HatsWriter(SKY)
                .maxRowsPerPartition(60)
                .rowGroupRows(16)
                .writeCatalog(HatsWriter.GAIA, FOOTPRINT, tmp.resolve("hats/gaia_dr3"));
        ps1 = new HatsWriter(SKY)
                .maxRowsPerPartition(3000)
                .rowGroupRows(1000)
                .writeCatalog(HatsWriter.PS1_OTMO, FOOTPRINT, tmp.resolve("hats/otmo"));
    }

    @Test
    void catalogsHoldEveryFootprintSourceAndTheirPropertiesDescribeThem() throws IOException {
        assertThat(gaia[0].rows()).isEqualTo(SKY.gaiaRowsInCone(RA, DEC, 0.5).size());
        assertThat(ps1[0].rows())
                .isEqualTo(SKY.panstarrsRowsInCone("mean", RA, DEC, 0.5).size());
        assertThat(gaia[0].rows()).isGreaterThan(300);
        assertThat(ps1[0].rows()).isGreaterThan(15_000);

        Properties p = properties(gaia[0].directory().resolve("hats.properties"));
        int maxOrder =
                gaia[0].partitions().stream().mapToInt(x -> (int) x[0]).max().orElseThrow();
        Map<String, String> expected = new TreeMap<>();
        expected.put("obs_collection", "gaia_dr3");
        expected.put("dataproduct_type", "object");
        expected.put("hats_nrows", Long.toString(gaia[0].rows()));
        expected.put("hats_col_ra", "ra");
        expected.put("hats_col_dec", "dec");
        expected.put("hats_col_healpix", "_healpix_29");
        expected.put("hats_col_healpix_order", "29");
        expected.put("hats_npix_suffix", ".parquet");
        expected.put("hats_order", Integer.toString(maxOrder));
        expected.put("hats_max_rows", "60");
        expected.put("moc_sky_fraction", p.getProperty("moc_sky_fraction"));
        expected.put("hats_builder", "mast-spark emulator");
        expected.put("hats_creation_date", "2025-02-12T00:00UTC");
        expected.put("hats_estsize", Long.toString(gaia[0].bytes() / 1024));
        expected.put("hats_release_date", "2025-02-12");
        expected.put("hats_version", "v1.0");
        assertThat(new TreeMap<>(toMap(p))).isEqualTo(expected);
        double fraction = gaia[0].partitions().stream()
                .mapToDouble(x -> 1.0 / (12L << (2 * x[0])))
                .sum();
        assertThat(Double.parseDouble(p.getProperty("moc_sky_fraction")))
                .isCloseTo(fraction, org.assertj.core.data.Offset.offset(5e-6));
        assertThat(Files.readString(gaia[0].directory().resolve("properties")))
                .isEqualTo(Files.readString(gaia[0].directory().resolve("hats.properties")));

        Properties m = properties(gaia[1].directory().resolve("hats.properties"));
        assertThat(gaia[1].directory().getFileName().toString()).isEqualTo("gaia_dr3_10arcs");
        assertThat(m.getProperty("dataproduct_type")).isEqualTo("margin");
        assertThat(m.getProperty("hats_primary_table_url")).isEqualTo("hats/gaia_dr3");
        assertThat(m.getProperty("hats_margin_threshold")).isEqualTo("10.0");
        assertThat(m.getProperty("hats_nrows")).isEqualTo(Long.toString(gaia[1].rows()));
        assertThat(m.getProperty("hats_max_rows")).isNull();
        assertThat(properties(ps1[0].directory().resolve("hats.properties")).getProperty("hats_col_ra"))
                .isEqualTo("raMean");
        assertThat(ps1[1].directory().getFileName().toString()).isEqualTo("otmo_10arcs");
    }

    @Test
    void partitionFilesMatchPartitionInfoAndMetadataAndHoldSortedRowsOfTheirPixel() throws IOException {
        for (HatsWriter.Written[] w : List.of(gaia, ps1)) {
            for (HatsWriter.Written c : w) {
                checkLayout(c, c == w[0] ? (c == gaia[0] ? 60 : 3000) : Long.MAX_VALUE);
            }
        }
        // several orders, so the adaptive split is exercised
        assertThat(gaia[0].partitions().stream().map(p -> p[0]).distinct().count())
                .isGreaterThan(1);
        assertThat(ps1[0].partitions().size()).isGreaterThan(4);
    }

    private static void checkLayout(HatsWriter.Written c, long maxRows) throws IOException {
        Path dir = c.directory();
        List<String> info = Files.readAllLines(dir.resolve("partition_info.csv"));
        assertThat(info.get(0)).isEqualTo("Norder,Npix");
        assertThat(info.subList(1, info.size())).isEqualTo(c.partitionLines());
        List<String> onDisk;
        try (Stream<Path> s = Files.walk(dir.resolve("dataset"))) {
            onDisk = s.filter(p -> p.getFileName().toString().startsWith("Npix="))
                    .map(p -> dir.resolve("dataset").relativize(p).toString())
                    .sorted()
                    .toList();
        }
        List<String> expectedFiles = new ArrayList<>();
        for (long[] p : c.partitions()) {
            expectedFiles.add("Norder=" + p[0] + "/Dir=" + (p[1] / 10000 * 10000) + "/Npix=" + p[1] + ".parquet");
        }
        assertThat(onDisk).isEqualTo(expectedFiles.stream().sorted().toList());

        ParquetMetadata metadata = ParquetFiles.footer(dir.resolve("dataset/_metadata"));
        Map<String, List<Long>> metadataGroups = new TreeMap<>();
        for (BlockMetaData b : metadata.getBlocks()) {
            metadataGroups.computeIfAbsent(b.getPath(), k -> new ArrayList<>()).add(b.getRowCount());
        }
        Map<String, List<Long>> fileGroups = new TreeMap<>();
        long total = 0;
        String schema = ParquetFiles.footer(dir.resolve("dataset/_common_metadata"))
                .getFileMetaData()
                .getSchema()
                .toString();
        assertThat(ParquetFiles.footer(dir.resolve("dataset/_common_metadata")).getBlocks())
                .isEmpty();
        assertThat(metadata.getFileMetaData().getSchema().toString()).isEqualTo(schema);
        for (int i = 0; i < expectedFiles.size(); i++) {
            String rel = expectedFiles.get(i);
            int order = (int) c.partitions().get(i)[0];
            long pixel = c.partitions().get(i)[1];
            Path file = dir.resolve("dataset").resolve(rel);
            ParquetMetadata footer = ParquetFiles.footer(file);
            assertThat(footer.getFileMetaData().getSchema().toString()).isEqualTo(schema);
            for (BlockMetaData b : footer.getBlocks()) {
                fileGroups.computeIfAbsent(rel, k -> new ArrayList<>()).add(b.getRowCount());
            }
            List<Map<String, Object>> rows = ParquetFiles.rows(file);
            assertThat(rows).isNotEmpty();
            if (order < 10) {
                assertThat((long) rows.size()).as(rel).isLessThanOrEqualTo(maxRows);
            }
            String ra = schema.contains("raMean") ? "raMean" : "ra";
            String dec = schema.contains("decMean") ? "decMean" : "dec";
            long previous = Long.MIN_VALUE;
            for (Map<String, Object> row : rows) {
                long hp = (Long) row.get("_healpix_29");
                assertThat(hp).isEqualTo(Healpix.nest(29, (Double) row.get(ra), (Double) row.get(dec)));
                assertThat(hp).isGreaterThanOrEqualTo(previous);
                previous = hp;
                if (c.directory().getFileName().toString().endsWith("_10arcs")) {
                    assertThat(hp >>> (2 * (29 - order)))
                            .as("margin row outside pixel")
                            .isNotEqualTo(pixel);
                } else {
                    assertThat(hp >>> (2 * (29 - order))).as(rel).isEqualTo(pixel);
                }
            }
            total += rows.size();
        }
        assertThat(metadataGroups).isEqualTo(fileGroups);
        assertThat(total).isEqualTo(c.rows());
        assertThat(schema).startsWith("message schema {\n  required int64 _healpix_29;");
    }

    @Test
    void aConeOfTheGaiaCatalogIsThePortalsGaiaConeRowForRow() throws IOException {
        double ra = 150.2;
        double dec = 2.1;
        double r = 0.25;
        List<Map<String, Object>> hats = new ArrayList<>();
        for (Map<String, Object> row : allRows(gaia[0])) {
            if (SyntheticSky.separation(ra, dec, (Double) row.get("ra"), (Double) row.get("dec")) <= r) {
                row.remove("_healpix_29");
                hats.add(row);
            }
        }
        JsonNode params = JSON.readTree("{\"ra\": " + ra + ", \"dec\": " + dec + ", \"radius\": " + r + "}");
        ResultTable t = SKY.query("Mast.Catalogs.GaiaDR3.Cone", params).orElseThrow();
        List<Map<String, Object>> portal = new ArrayList<>();
        for (long i = 0; i < t.rowCount(); i++) {
            StringWriter sw = new StringWriter();
            try (JsonGenerator g = JSON.getFactory().createGenerator(sw)) {
                t.writeRow(i, g);
            }
            JsonNode n = JSON.readTree(sw.toString());
            Map<String, Object> row = new LinkedHashMap<>();
            for (Field f : SKY.gaiaFields()) {
                JsonNode v = n.get(f.name());
                row.put(
                        f.name(),
                        v.isNull()
                                ? null
                                : f.name().endsWith("_id") ? (Object) Long.parseLong(v.asText()) : v.asDouble());
            }
            portal.add(row);
        }
        Comparator<Map<String, Object>> byId = Comparator.comparing(m -> (Long) m.get("source_id"));
        hats.sort(byId);
        portal.sort(byId);
        assertThat(portal.size()).isGreaterThan(50);
        assertThat(hats).isEqualTo(portal);
        assertThat(hats.stream().anyMatch(m -> m.get("radial_velocity") == null))
                .isTrue();
    }

    @Test
    void aConeOfThePanstarrsCatalogIsThePanstarrsMeanConeRowForRow() throws IOException {
        double ra = 149.8;
        double dec = 2.3;
        double r = 0.05;
        List<Map<String, Object>> hats = new ArrayList<>();
        for (Map<String, Object> row : allRows(ps1[0])) {
            if (SyntheticSky.separation(ra, dec, (Double) row.get("raMean"), (Double) row.get("decMean")) <= r) {
                row.remove("_healpix_29");
                hats.add(row);
            }
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("ra", List.of(Double.toString(ra)));
        params.put("dec", List.of(Double.toString(dec)));
        params.put("radius", List.of(Double.toString(r)));
        params.put("pagesize", List.of("100000"));
        PanstarrsQuery.Result result = SKY.panstarrsQuery("dr2", "mean", params);
        List<Map<String, Object>> api = new ArrayList<>();
        for (Object[] values : result.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int k = 0; k < values.length; k++) {
                Object v = values[k];
                String type = result.types().get(k);
                if (v instanceof Long n && !type.equals("long")) {
                    v = n.intValue();
                }
                row.put(result.names().get(k), v);
            }
            api.add(row);
        }
        Comparator<Map<String, Object>> byId = Comparator.comparing(m -> (Long) m.get("objID"));
        hats.sort(byId);
        api.sort(byId);
        assertThat(api.size()).isGreaterThan(100);
        assertThat(hats).isEqualTo(api);
    }

    @Test
    void eachMarginHoldsExactlyTheOtherPartitionsRowsTouchingItsPixelAndAllWithinTenArcsec() throws IOException {
        for (HatsWriter.Written[] w : List.of(gaia, ps1)) {
            checkMargin(
                    w[0],
                    w[1],
                    w == gaia ? "source_id" : "objID",
                    w == gaia ? "ra" : "raMean",
                    w == gaia ? "dec" : "decMean");
        }
        assertThat(gaia[1].rows()).isGreaterThan(0);
        assertThat(ps1[1].rows()).isGreaterThan(100);
    }

    private static void checkMargin(
            HatsWriter.Written primary, HatsWriter.Written margin, String id, String raCol, String decCol)
            throws IOException {
        Set<Long> partitions = new TreeSet<>();
        for (long[] p : primary.partitions()) {
            partitions.add(Margins.key((int) p[0], p[1]));
        }
        Set<Long> pixels = new HashSet<>(partitions);
        pixels.addAll(Margins.negativeTree(partitions));
        TreeSet<Integer> orders = new TreeSet<>();
        pixels.forEach(k -> orders.add(Margins.orderOf(k)));
        // brute force: each row against every margin pixel, by the margin-order pixels' neighbours
        Map<Long, TreeSet<Long>> expected = new TreeMap<>();
        Map<Long, TreeSet<Long>> within = new TreeMap<>();
        for (long[] p : primary.partitions()) {
            long own = Margins.key((int) p[0], p[1]);
            for (Map<String, Object> row : rowsOf(primary.directory(), (int) p[0], p[1])) {
                long hp = (Long) row.get("_healpix_29");
                long q = hp >>> (2 * (29 - 13));
                long[] nbs = Healpix.neighbours(13, q);
                double ra = (Double) row.get(raCol);
                double dec = (Double) row.get(decCol);
                for (long nb : nbs) {
                    for (int o : orders) {
                        long mp = Margins.key(o, nb >>> (2 * (13 - o)));
                        if (mp != own && pixels.contains(mp)) {
                            expected.computeIfAbsent(mp, k -> new TreeSet<>()).add((Long) row.get(id));
                        }
                    }
                }
                // within 10 arcsec: a point of the circle of 10 arcsec around the row inside the pixel
                for (int k = 0; k < 64; k++) {
                    double[] c = Healpix.offset(ra, dec, 10.0 / 3600, k * Math.PI / 32);
                    long at = Healpix.nest(29, c[0], c[1]);
                    for (int o : orders) {
                        long mp = Margins.key(o, at >>> (2 * (29 - o)));
                        if (mp != own && pixels.contains(mp)) {
                            within.computeIfAbsent(mp, x -> new TreeSet<>()).add((Long) row.get(id));
                        }
                    }
                }
            }
        }
        Map<Long, TreeSet<Long>> actual = new TreeMap<>();
        for (long[] p : margin.partitions()) {
            TreeSet<Long> ids = new TreeSet<>();
            for (Map<String, Object> row : rowsOf(margin.directory(), (int) p[0], p[1])) {
                ids.add((Long) row.get(id));
            }
            actual.put(Margins.key((int) p[0], p[1]), ids);
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(within).isNotEmpty();
        within.forEach((k, ids) -> assertThat(actual.get(k)).as("margin %s", k).containsAll(ids));
    }

    @Test
    void theSameSkyAndOptionsWriteTheSameBytesWhateverTheThreads(@TempDir Path a, @TempDir Path b) throws IOException {
        HatsWriter w = new HatsWriter(SKY).maxRowsPerPartition(2000).rowGroupRows(500);
        HatsFootprint fp = HatsFootprint.pixels(7, Healpix.nest(7, 150.1, 2.0), Healpix.nest(7, 150.6, 2.4));
        // partitions written 3 at a time, then one by one: the same bytes
        Map<String, HatsWriter.Written> first = w.threads(3).writeMastLayout(fp, a);
        w.threads(1).writeMastLayout(fp, b);
        Map<String, byte[]> x = contents(a);
        Map<String, byte[]> y = contents(b);
        assertThat(x.keySet()).isEqualTo(y.keySet());
        x.forEach((k, v) -> assertThat(v).as(k).isEqualTo(y.get(k)));
        assertThat(x.keySet())
                .contains(
                        "gaia/gaia_dr3/public/hats/collection.properties",
                        "gaia/gaia_dr3/public/hats/gaia_dr3/hats.properties",
                        "gaia/gaia_dr3/public/hats/gaia_dr3_10arcs/dataset/_metadata",
                        "panstarrs/ps1/public/hats/otmo/dataset/_common_metadata",
                        "panstarrs/ps1/public/hats/otmo_10arcs/partition_info.csv");
        assertThat(first.keySet())
                .containsExactly(
                        "gaia/gaia_dr3/public/hats/gaia_dr3",
                        "gaia/gaia_dr3/public/hats/gaia_dr3_10arcs",
                        "panstarrs/ps1/public/hats/otmo",
                        "panstarrs/ps1/public/hats/otmo_10arcs");
        assertThat(new String(x.get("gaia/gaia_dr3/public/hats/collection.properties")))
                .startsWith("#HATS Collection\nobs_collection=gaia_dr3\nhats_primary_table_url=gaia_dr3\n"
                        + "all_margins=gaia_dr3_10arcs\ndefault_margin=gaia_dr3_10arcs\n");
        // a pixel footprint: every row inside the two pixels
        for (Map<String, Object> row : allRows(first.get("panstarrs/ps1/public/hats/otmo"))) {
            long hp = (Long) row.get("_healpix_29");
            assertThat(hp >>> 44).isIn(Healpix.nest(7, 150.1, 2.0), Healpix.nest(7, 150.6, 2.4));
        }
    }

    @Test
    void badOptionsAndNamesAreRefusedWithTheFix() {
        HatsWriter w = new HatsWriter(SKY);
        assertThatThrownBy(() -> w.writeCatalog("tic", FOOTPRINT, tmp.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown synthetic HATS catalog 'tic': expected gaia or ps1_otmo");
        assertThatThrownBy(() -> w.maxRowsPerPartition(0))
                .hasMessage("Invalid value 0 for maxRowsPerPartition: expected at least 1, such as 1000000");
        assertThatThrownBy(() -> w.rowGroupRows(-5))
                .hasMessage("Invalid value -5 for rowGroupRows: expected at least 1, such as 100000");
        assertThatThrownBy(() -> w.marginArcsec(0))
                .hasMessage("Invalid value 0.0 for marginArcsec: expected arcsec above 0 and at most 3600, such as 10");
        assertThatThrownBy(() -> w.highestOrder(13))
                .hasMessage("Invalid value 13 for highestOrder: expected 0 to 12, such as 10");
        assertThatThrownBy(() -> w.marginArcsec(120))
                .hasMessage("Invalid margin threshold 120.0 arcsec with highest order 10: the margin order (10) must be"
                        + " above the highest partition order; use a smaller threshold or a highest order below 10");
        assertThatThrownBy(() -> HatsFootprint.parse("circle:1,2,3"))
                .hasMessage("Invalid HATS footprint 'circle:1,2,3': expected cone:RA,DEC,RADIUS (degrees, e.g."
                        + " cone:150,2.2,1) or pixels:ORDER:P1,P2 (nested HEALPix, e.g. pixels:5:4400,4401)");
        assertThatThrownBy(() -> HatsFootprint.cone(150, 2, 0))
                .hasMessage("Invalid HATS footprint radius 0.0: expected degrees above 0 and at most 90, such as 0.5");
        assertThatThrownBy(() -> HatsFootprint.pixels(3, 768))
                .hasMessage("Invalid HATS footprint pixel 768 at order 3: expected 0 to 767");
        assertThat(HatsFootprint.parse("pixels:5:4401,4400")).isEqualTo(HatsFootprint.pixels(5, 4400, 4401));
        assertThat(HatsFootprint.parse(" cone:150,2.2,1")).hasToString("cone:150.0,2.2,1.0");
    }

    static List<Map<String, Object>> allRows(HatsWriter.Written c) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (long[] p : c.partitions()) {
            out.addAll(rowsOf(c.directory(), (int) p[0], p[1]));
        }
        return out;
    }

    static List<Map<String, Object>> rowsOf(Path dir, int order, long pixel) throws IOException {
        return ParquetFiles.rows(dir.resolve(
                "dataset/Norder=" + order + "/Dir=" + (pixel / 10000 * 10000) + "/Npix=" + pixel + ".parquet"));
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static Map<String, String> toMap(Properties p) {
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
