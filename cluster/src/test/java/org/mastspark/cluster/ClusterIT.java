package org.mastspark.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.mastspark.cluster.StandaloneCluster.EmulatorProcess;
import org.mastspark.cluster.StandaloneCluster.Settings;
import org.mastspark.cluster.StandaloneCluster.SparkVersion;
import org.mastspark.connector.sky.SkyMath;
import org.mastspark.emulator.sky.LightCurves;

/**
 * {@link ClusterApp} submitted to a standalone cluster of each Spark version of {@code cluster.spark.versions}
 * (default: the newest supported), once with the user-facing jar on {@code --jars} and once resolved with
 * {@code --packages} from a file repository, against an emulator process. Every result is checked against what
 * the emulator serves, asked here over plain HTTP (not through the connector), so that the two sides stay
 * independent.
 */
class ClusterIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Settings settings;
    private static Path target;
    private static EmulatorProcess emulator;
    private static EmulatorHttp mast;

    @BeforeAll
    static void startEmulator() throws Exception {
        settings = Settings.fromSystemProperties();
        target = settings.target();
        emulator = EmulatorProcess.start(
                emulatorJar(),
                target.resolve("cluster-runs").resolve("emulator.log"),
                "--seed",
                "42",
                "--scale",
                "1.0");
        mast = new EmulatorHttp(emulator.baseUrl());
    }

    @AfterAll
    static void stopEmulator() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> clusterRunsOfEachSparkVersion() {
        List<SparkVersion> versions = SparkVersion.parseAll(
                System.getProperty("cluster.spark.versions", "4.2.0,4.1.3,4.0.4,3.5.9,3.5.9_2.12"));
        return versions.stream().map(v -> DynamicTest.dynamicTest("Spark " + v.id(), () -> run(v)));
    }

    private void run(SparkVersion v) throws Exception {
        long t0 = System.nanoTime();
        Path home = StandaloneCluster.sparkHome(settings, v);
        long resolved = System.nanoTime();
        Path dir = target.resolve("cluster-runs").resolve(v.id());
        deleteRecursively(dir);
        try (StandaloneCluster cluster = StandaloneCluster.start(v, home, dir)) {
            long started = System.nanoTime();
            try {
                Path result = dir.resolve("result.json");
                Path downloads = dir.resolve("downloads");
                Path lightCurves = dir.resolve("light-curves");
                List<Path> lcFiles = LightCurves.write(lightCurves, 261_000_001L, 4, 2_000);
                int exit = cluster.submit(
                        "submit-jars",
                        submitArgs(v, jarsArgs(v), result, "full", List.of(downloads, lightCurves)),
                        Duration.ofMinutes(15));
                long submitted = System.nanoTime();
                assertThat(exit).as("spark-submit --jars exit code").isZero();
                JsonNode r = JSON.readTree(result.toFile());
                checkFull(r, cluster, downloads);
                checkFits(r, lcFiles);

                Path quick = dir.resolve("result-packages.json");
                int exit2 = cluster.submit(
                        "submit-packages",
                        submitArgs(v, packagesArgs(v, dir), quick, "quick", List.of()),
                        Duration.ofMinutes(10));
                long packaged = System.nanoTime();
                assertThat(exit2).as("spark-submit --packages exit code").isZero();
                JsonNode q = JSON.readTree(quick.toFile());
                checkObservations(q);
                checkNames(q);
                assertThat(Files.readString(cluster.log("submit-packages")))
                        .as("Ivy found the bundle in the file repository (--repositories, named repo-1)")
                        .contains("found org.mastspark#" + bundleArtifact(v) + ";"
                                + System.getProperty("cluster.project.version") + " in repo-1");
                System.out.printf(
                        "Spark %s: resolve jars %s, start cluster %s, submit --jars %s, submit --packages %s, total %s%n",
                        v.id(),
                        StandaloneCluster.seconds(resolved - t0),
                        StandaloneCluster.seconds(started - resolved),
                        StandaloneCluster.seconds(submitted - started),
                        StandaloneCluster.seconds(packaged - submitted),
                        StandaloneCluster.seconds(System.nanoTime() - t0));
            } catch (Throwable e) {
                System.out.println("Spark " + v.id() + " failed; last lines of each process's log:\n"
                        + cluster.tails(60) + "\n==== emulator\n" + StandaloneCluster.tail(emulator.log(), 20));
                throw e;
            }
        }
    }

    private static List<String> submitArgs(
            SparkVersion v, List<String> jarArgs, Path result, String mode, List<Path> dirs) {
        List<String> args = new ArrayList<>(List.of(
                "--deploy-mode",
                "client",
                "--class",
                ClusterApp.class.getName(),
                "--total-executor-cores",
                "2",
                "--executor-memory",
                "768m",
                "--driver-memory",
                "1g",
                "--conf",
                "spark.serializer=org.apache.spark.serializer.KryoSerializer",
                "--conf",
                "spark.sql.extensions=org.mastspark.udfs.MastSparkExtensions",
                "--conf",
                "spark.mast.baseUrl=" + emulator.baseUrl(),
                "--conf",
                "spark.ui.enabled=false",
                "--conf",
                "spark.driver.host=127.0.0.1",
                "--conf",
                "spark.driver.bindAddress=127.0.0.1",
                "--conf",
                "spark.sql.shuffle.partitions=4"));
        args.addAll(jarArgs);
        args.add(System.getProperty("cluster.app.jar"));
        args.add(result.toString());
        args.add(mode);
        for (Path d : dirs) {
            args.add(d.toString());
        }
        return args;
    }

    /** The user-facing jar for the version's Scala, alone on {@code --jars}. */
    private static List<String> jarsArgs(SparkVersion v) {
        Path jar = target.resolve("bundle")
                .resolve(bundleArtifact(v) + "-" + System.getProperty("cluster.project.version") + ".jar");
        assertThat(jar)
                .as("the bundle for Scala " + v.scala() + " (built by the bundle modules)")
                .isRegularFile();
        return List.of("--jars", jar.toString());
    }

    private static List<String> packagesArgs(SparkVersion v, Path dir) {
        return List.of(
                "--packages",
                "org.mastspark:" + bundleArtifact(v) + ":" + System.getProperty("cluster.project.version"),
                "--repositories",
                target.resolve("file-repo").toUri().toString(),
                "--conf",
                "spark.jars.ivy=" + dir.resolve("ivy"));
    }

    private static String bundleArtifact(SparkVersion v) {
        return "mast-spark-bundle_" + v.scala();
    }

    private void checkFull(JsonNode r, StandaloneCluster cluster, Path downloads) throws Exception {
        assertThat(r.path("serializer").asText()).isEqualTo("org.apache.spark.serializer.KryoSerializer");
        assertThat(r.path("spark_version").asText()).isEqualTo(cluster.version().spark());
        checkObservations(r);
        checkNames(r);
        checkGaia(r);
        checkCrossmatch(r);
        checkDownload(r, downloads);
        checkExecutors(r, cluster);
        checkSqlCatalog(r, cluster.version());
    }

    /**
     * (g) The cone of (a) in SQL through the catalog returns (a)'s rows within the cone, on every version; MAST gets
     * the cone as the search region where Spark hands the function call to the source: both forms on Spark 4.1 and
     * later, the {@code angular_distance} form on 3.5 and 4.0 (README "Cones in SQL").
     */
    private static void checkSqlCatalog(JsonNode r, SparkVersion v) {
        List<String> within = new ArrayList<>();
        for (int i = 0; i < r.path("obs_ids").size(); i++) {
            JsonNode sep = r.path("obs_distances").get(i);
            if (!sep.isNull() && sep.asDouble() <= ClusterApp.OBS_RADIUS) {
                within.add(r.path("obs_ids").get(i).asText());
            }
        }
        within.sort(null);
        assertThat(within).isNotEmpty();
        boolean recent = v.spark().compareTo("4.1") >= 0;
        for (String form : List.of("in_cone", "distance")) {
            String prefix = "sql_" + form + "_";
            System.out.printf(
                    "Spark %s: SQL cone %s: %s%n",
                    v.id(),
                    form,
                    r.has(prefix + "error")
                            ? r.path(prefix + "error").asText()
                            : r.path(prefix + "ids").size() + " rows, pushed " + r.path(prefix + "pushed"));
            assertThat(r.has(prefix + "error"))
                    .as(form + ": " + r.path(prefix + "error").asText())
                    .isFalse();
            List<String> ids = new ArrayList<>();
            r.path(prefix + "ids").forEach(n -> ids.add(n.asText()));
            assertThat(ids).as(form).isEqualTo(within);
            // Spark 3.5 and 4.0 keep a bare boolean function call from the scan (right rows, the table read whole)
            assertThat(r.path(prefix + "pushed").asBoolean())
                    .as(form + " pushed")
                    .isEqualTo(recent || form.equals("distance"));
        }
    }

    /**
     * (f) The light curves read by {@code format("fits")} on the executors, split in row ranges, against the same
     * files read here with nom-tam-fits: rows, cadence range, last time and quality flags per star.
     */
    private static void checkFits(JsonNode r, List<Path> files) throws Exception {
        assertThat(r.path("fits_partitions").asInt()).isGreaterThan(files.size());
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Path file : files) {
            try (Fits fits = new Fits(file.toFile())) {
                Header primary = fits.getHDU(0).getHeader();
                BinaryTableHDU table = (BinaryTableHDU) fits.getHDU(1);
                int[] cadences = (int[]) table.getData().getColumn(table.findColumn("CADENCENO"));
                double[] times = (double[]) table.getData().getColumn(table.findColumn("TIME"));
                int[] quality = (int[]) table.getData().getColumn(table.findColumn("QUALITY"));
                Map<String, Object> e = new TreeMap<>();
                e.put("ticid", primary.getLongValue("TICID"));
                e.put("sector", primary.getLongValue("SECTOR"));
                e.put("rows", (long) cadences.length);
                e.put("min_cadence", Arrays.stream(cadences).min().orElseThrow());
                e.put("max_cadence", Arrays.stream(cadences).max().orElseThrow());
                e.put(
                        "max_time",
                        Arrays.stream(times).filter(t -> !Double.isNaN(t)).max().orElseThrow());
                e.put("quality_sum", Arrays.stream(quality).asLongStream().sum());
                expected.add(e);
            }
        }
        expected.sort(Comparator.comparingLong(e -> (Long) e.get("ticid")));
        List<Map<String, Object>> actual = new ArrayList<>();
        for (JsonNode star : r.path("fits_stars")) {
            Map<String, Object> e = new TreeMap<>();
            e.put("ticid", star.path("ticid").asLong());
            e.put("sector", star.path("sector").asLong());
            e.put("rows", star.path("rows").asLong());
            e.put("min_cadence", star.path("min_cadence").asInt());
            e.put("max_cadence", star.path("max_cadence").asInt());
            e.put("max_time", star.path("max_time").asDouble());
            e.put("quality_sum", star.path("quality_sum").asLong());
            actual.add(e);
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** (a) The pushdown read gives exactly the rows the emulator serves for the same cone and criteria. */
    private void checkObservations(JsonNode r) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.put("columns", "*");
        ArrayNode filters = params.putArray("filters");
        ObjectNode coll = filters.addObject();
        coll.put("paramName", "obs_collection");
        coll.putArray("values").add("HST");
        ObjectNode exptime = filters.addObject();
        exptime.put("paramName", "t_exptime");
        exptime.putArray("values").addObject().put("min", 100).put("max", 1.0e300);
        params.put("position", ClusterApp.RA + ", " + ClusterApp.DEC + ", " + ClusterApp.OBS_RADIUS);
        JsonNode data =
                mast.portal("Mast.Caom.Filtered.Position", params, 500_000).path("data");
        Map<String, Double> expected = new TreeMap<>();
        for (JsonNode row : data) {
            expected.put(
                    row.path("obsid").asText(),
                    angularDistance(
                            row.path("s_ra").asDouble(), row.path("s_dec").asDouble(), ClusterApp.RA, ClusterApp.DEC));
        }
        assertThat(expected).as("the emulator's rows for the pushdown read").hasSizeGreaterThan(10);
        List<String> ids = texts(r.path("obs_ids"));
        assertThat(ids).containsExactlyElementsOf(expected.keySet());
        JsonNode seps = r.path("obs_distances");
        for (int i = 0; i < ids.size(); i++) {
            assertThat(seps.get(i).asDouble())
                    .as("mast_angular_distance of obsid %s", ids.get(i))
                    .isCloseTo(expected.get(ids.get(i)), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    /** (c) Names resolved through SQL match SANTA's first entry for each name; an unknown name is NOT_FOUND. */
    private void checkNames(JsonNode r) throws Exception {
        JsonNode resolved = r.path("resolved");
        assertThat(resolved.size()).isEqualTo(ClusterApp.NAMES.size());
        for (String name : ClusterApp.NAMES) {
            JsonNode got = resolved.path(name);
            JsonNode entries = mast.santa(name);
            if (entries.isEmpty()) {
                assertThat(got.get(2).asText()).as(name).isEqualTo("NOT_FOUND");
                assertThat(got.get(0).isNull()).as(name).isTrue();
            } else {
                assertThat(got.get(2).asText()).as(name).isEqualTo("RESOLVED");
                assertThat(got.get(0).asDouble())
                        .as(name)
                        .isEqualTo(entries.get(0).path("ra").asDouble());
                assertThat(got.get(1).asDouble())
                        .as(name)
                        .isEqualTo(entries.get(0).path("decl").asDouble());
            }
        }
        assertThat(mast.santa("no such object 12345")).isEmpty();
        JsonNode m101 = mast.santa("M101").get(0);
        JsonNode one = r.path("resolve_m101");
        assertThat(one.get(0).asDouble()).isEqualTo(m101.path("ra").asDouble());
        assertThat(one.get(1).asDouble()).isEqualTo(m101.path("decl").asDouble());
        assertThat(one.get(2).asText()).isEqualTo("RESOLVED");
    }

    /** (b) The tiled catalog read: several partitions, each source once, exactly the emulator's cone. */
    private void checkGaia(JsonNode r) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.put("ra", ClusterApp.GAIA_RA);
        params.put("dec", ClusterApp.GAIA_DEC);
        params.put("radius", ClusterApp.GAIA_RADIUS);
        Set<String> expected = new TreeSet<>();
        for (JsonNode row :
                mast.portal("Mast.Catalogs.GaiaDR3.Cone", params, 500_000).path("data")) {
            expected.add(row.path("source_id").asText());
        }
        assertThat(expected.size())
                .as("the cone holds more than one request's cap")
                .isGreaterThan(ClusterApp.GAIA_MAX_RESULT_ROWS);
        List<String> ids = texts(r.path("gaia_ids"));
        assertThat(new HashSet<>(ids)).as("source ids are unique").hasSize(ids.size());
        assertThat(new TreeSet<>(ids)).isEqualTo(expected);
        assertThat(r.path("gaia_partitions").asInt()).isGreaterThan(1);
    }

    /**
     * (e) The cross-match on the cluster: exactly the TIC-Gaia pairs within 1 arcsec that an all-pairs
     * comparison of the emulator's two cones finds here, among them the counterparts the emulator placed.
     */
    private void checkCrossmatch(JsonNode r) throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.put("ra", ClusterApp.GAIA_RA);
        params.put("dec", ClusterApp.GAIA_DEC);
        params.put("radius", ClusterApp.XMATCH_RADIUS_DEG);
        List<double[]> tic = new ArrayList<>();
        List<String> ticIds = new ArrayList<>();
        for (JsonNode row :
                mast.portal("Mast.Catalogs.Tic.Cone", params, 500_000).path("data")) {
            tic.add(new double[] {row.path("ra").asDouble(), row.path("dec").asDouble()});
            ticIds.add(row.path("ID").asText());
        }
        Set<String> expected = new TreeSet<>();
        for (JsonNode row :
                mast.portal("Mast.Catalogs.GaiaDR3.Cone", params, 500_000).path("data")) {
            double ra = row.path("ra").asDouble();
            double dec = row.path("dec").asDouble();
            for (int i = 0; i < tic.size(); i++) {
                if (SkyMath.angularDistanceDeg(tic.get(i)[0], tic.get(i)[1], ra, dec) * 3600 <= 1.0) {
                    expected.add(ticIds.get(i) + "-" + row.path("source_id").asText());
                }
            }
        }
        assertThat(expected.size())
                .as("TIC stars with a Gaia source within 1 arcsec")
                .isGreaterThan(10);
        assertThat(new TreeSet<>(texts(r.path("xmatch_pairs")))).isEqualTo(expected);
        assertThat(r.path("xmatch_pairs").size()).isEqualTo(expected.size());
        assertThat(r.path("xmatch_plan").asText()).startsWith("shuffle join at HEALPix order 13");
    }

    /** (d) Products looked up on the executors, and the downloaded files and manifest, against the emulator. */
    private void checkDownload(JsonNode r, Path downloads) throws Exception {
        List<String> obsids = texts(r.path("download_obsids"));
        assertThat(obsids).hasSize(3);
        assertThat(texts(r.path("obs_ids"))).containsAll(obsids);
        ObjectNode params = JSON.createObjectNode();
        params.put("obsid", String.join(",", obsids));
        Set<String> expected = new TreeSet<>();
        for (JsonNode p : mast.portal("Mast.Caom.Products", params, 500_000).path("data")) {
            if (p.path("dataRights").asText().equals("PUBLIC") && p.path("size").asLong() < 5_000_000) {
                expected.add(p.path("dataURI").asText());
            }
        }
        List<String> uris = texts(r.path("product_uris"));
        assertThat(uris)
                .isNotEmpty()
                .containsExactlyElementsOf(expected.stream().limit(6).toList());

        JsonNode manifest = r.path("manifest");
        assertThat(manifest.size()).isEqualTo(uris.size());
        List<String> fileLines =
                Files.readAllLines(Path.of(r.path("manifest_file").asText()));
        assertThat(Path.of(r.path("manifest_file").asText()).getParent()).isEqualTo(downloads);
        assertThat(fileLines).hasSize(uris.size());
        Map<String, JsonNode> fromFile = new TreeMap<>();
        for (String line : fileLines) {
            JsonNode e = JSON.readTree(line);
            fromFile.put(e.path("dataURI").asText(), e);
        }
        for (int i = 0; i < uris.size(); i++) {
            JsonNode e = manifest.get(i);
            String uri = uris.get(i);
            byte[] served = mast.download(uri);
            String sha = sha256(served);
            assertThat(e.path("dataURI").asText()).isEqualTo(uri);
            assertThat(e.path("status").asText()).as(uri).isEqualTo("COMPLETE");
            assertThat(e.path("bytes").asLong()).as(uri).isEqualTo(served.length);
            assertThat(e.path("sha256").asText()).as(uri).isEqualTo(sha);
            Path file = Path.of(URI.create(e.path("path").asText()));
            assertThat(file).startsWith(downloads);
            assertThat(sha256(Files.readAllBytes(file))).as(file.toString()).isEqualTo(sha);
            JsonNode line = fromFile.get(uri);
            assertThat(line).as("manifest file line for " + uri).isNotNull();
            assertThat(line.path("sha256").asText()).isEqualTo(sha);
            assertThat(line.path("bytes").asLong()).isEqualTo(served.length);
            assertThat(line.path("status").asText()).isEqualTo("COMPLETE");
        }
    }

    /** Both workers' executors ran tasks: each worker ran one executor of the app, and both ran tasks. */
    private void checkExecutors(JsonNode r, StandaloneCluster cluster) throws IOException {
        Set<String> ran = new TreeSet<>(texts(r.path("task_executors")));
        assertThat(ran).as("executors that ran tasks").hasSize(2).doesNotContain("driver");
        Set<String> launched = new TreeSet<>();
        for (Path work : cluster.workerDirs()) {
            Path app = work.resolve(r.path("app_id").asText());
            List<String> executors;
            try (Stream<Path> s = Files.list(app)) {
                executors = s.map(p -> p.getFileName().toString()).toList();
            }
            assertThat(executors).as("executors launched by " + work).hasSize(1);
            launched.addAll(executors);
        }
        assertThat(ran).isEqualTo(launched);
        assertThat(texts(r.path("task_hosts"))).containsExactly("127.0.0.1");
    }

    /** Great-circle distance in degrees (Vincenty form), written here apart from the project's own. */
    static double angularDistance(double ra1, double dec1, double ra2, double dec2) {
        double l1 = Math.toRadians(ra1);
        double p1 = Math.toRadians(dec1);
        double l2 = Math.toRadians(ra2);
        double p2 = Math.toRadians(dec2);
        double dl = l2 - l1;
        double a = Math.cos(p2) * Math.sin(dl);
        double b = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
        double c = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * Math.cos(dl);
        return Math.toDegrees(Math.atan2(Math.hypot(a, b), c));
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Path emulatorJar() throws IOException {
        try (Stream<Path> files = Files.list(target.resolve("emulator"))) {
            return files.filter(p -> p.toString().endsWith(".jar")).findFirst().orElseThrow();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
