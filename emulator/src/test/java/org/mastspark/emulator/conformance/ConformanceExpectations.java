package org.mastspark.emulator.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.SyntheticSky;

/**
 * Expected values the Python suite cannot derive on its own, computed here directly from the Java
 * {@link SyntheticSky} — never over HTTP and never through the query code under test — so that the
 * emulator's Portal/HTTP layer and astroquery's parsing are what is checked:
 *
 * <ul>
 *   <li>{@code cones}: for each synthetic cone of {@code test_observations.py}, the obsids whose centre
 *       lies within the radius, by a brute-force scan of every observation
 *       ({@link SyntheticSky#observation}), separations computed here;
 *   <li>{@code productObsids}, {@code products}: a few observations of the first cone that have SCIENCE
 *       products, and their product URIs ({@link SyntheticSky#productsOf});
 *   <li>{@code files}: size and SHA-256 of those SCIENCE products ({@link ProductFile#write}) and of one
 *       recorded product, whose bytes the emulator generates from its recorded name and size.
 * </ul>
 */
final class ConformanceExpectations {
    /** Must match {@code SYNTHETIC_CONES} in {@code test_observations.py}: ra, dec, radius (deg). */
    static final List<double[]> CONES =
            List.of(new double[] {210.8025, 54.3488, 0.2}, new double[] {10.6847, 41.2690, 0.2}, new double[] {
                150.1191, 2.2058, 0.25
            });

    static final String RECORDED_URI = "mast:HST/product/u9o40504m_c3m.fits";
    static final long RECORDED_SIZE = 207_360L; // products.json
    private static final int PRODUCT_OBSERVATIONS = 3;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConformanceExpectations() {}

    static void write(SyntheticSky sky, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        List<List<String>> inside = bruteForceCones(sky);
        ArrayNode cones = root.putArray("cones");
        for (int i = 0; i < CONES.size(); i++) {
            double[] cone = CONES.get(i);
            ArrayNode ids = cones.addObject()
                    .put("ra", cone[0])
                    .put("dec", cone[1])
                    .put("radius", cone[2])
                    .putArray("obsids");
            inside.get(i).forEach(ids::add);
        }

        ArrayNode obsids = root.putArray("productObsids");
        ObjectNode products = root.putObject("products");
        ObjectNode files = root.putObject("files");
        for (String obsid : inside.get(0)) {
            if (obsids.size() == PRODUCT_OBSERVATIONS) {
                break;
            }
            List<Map<String, Object>> rows = sky.productsOf(Long.parseLong(obsid));
            if (rows.stream().noneMatch(ConformanceExpectations::isScience)) {
                continue;
            }
            obsids.add(obsid);
            ArrayNode uris = products.putArray(obsid);
            for (Map<String, Object> row : rows) {
                String uri = String.valueOf(row.get("dataURI"));
                uris.add(uri);
                if (isScience(row)) {
                    Optional<ProductFile> product = sky.product(uri);
                    if (product.isPresent()) {
                        addFile(files, uri, product.get());
                    }
                }
            }
        }
        addFile(files, RECORDED_URI, SyntheticSky.file("u9o40504m_c3m.fits", RECORDED_SIZE, false));
        ArrayNode hst = root.putArray("hstCone");
        bruteForceHst(sky, MISSION_CONE).forEach(hst::add);
        ArrayNode ps = root.putArray("panstarrsCone");
        bruteForcePanstarrs(sky, PANSTARRS_CONE).forEach(ps::add);
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** Must match {@code HST_CONE} in {@code test_missions_panstarrs.py}: ra, dec (deg), radius (arcmin). */
    static final double[] MISSION_CONE = {210.8025, 54.3488, 15};
    /** Must match {@code PS_CONE} in {@code test_missions_panstarrs.py}: ra, dec, radius (deg). */
    static final double[] PANSTARRS_CONE = {210.8025, 54.3488, 0.05};

    /** hst dataset ids of every observation that is an hst dataset within the cone (scan of all observations). */
    private static List<String> bruteForceHst(SyntheticSky sky, double[] cone) {
        List<String> out = new ArrayList<>();
        for (long i = 0; i < sky.observationCount(); i++) {
            sky.missionRow("hst", i).ifPresent(r -> {
                double s = separationDeg(cone[0], cone[1], (Double) r.get("sci_ra"), (Double) r.get("sci_dec"));
                if (s * 60 <= cone[2]) {
                    out.add(r.get("sci_data_set_name").toString());
                }
            });
        }
        out.sort(null);
        return out;
    }

    /** objIDs (text, ascending) of every Pan-STARRS mean object within the cone, over all cells near it. */
    private static List<String> bruteForcePanstarrs(SyntheticSky sky, double[] cone) {
        List<Long> ids = new ArrayList<>();
        for (int c = 0; c < SyntheticSky.catalogCellCount(); c++) {
            double[] b = SyntheticSky.catalogCellBounds(c);
            if (b[3] < cone[1] - 1 || b[2] > cone[1] + 1 || b[1] < cone[0] - 2 || b[0] > cone[0] + 2) {
                continue;
            }
            for (int j = 0; j < sky.panstarrsObjectsIn(c); j++) {
                Map<String, Object> r = sky.panstarrsRow("mean", c, j, 0);
                if (separationDeg(cone[0], cone[1], (Double) r.get("raMean"), (Double) r.get("decMean")) <= cone[2]) {
                    ids.add((Long) r.get("objID"));
                }
            }
        }
        ids.sort(null);
        List<String> out = new ArrayList<>();
        ids.forEach(i -> out.add(Long.toString(i)));
        return out;
    }

    private static boolean isScience(Map<String, Object> product) {
        return "SCIENCE".equals(product.get("productType"));
    }

    /** For each cone, the obsids (in sky order) of all observations whose centre lies inside it. */
    private static List<List<String>> bruteForceCones(SyntheticSky sky) {
        List<List<String>> inside = new ArrayList<>();
        CONES.forEach(c -> inside.add(new ArrayList<>()));
        for (long i = 0; i < sky.observationCount(); i++) {
            Map<String, Object> row = sky.observation(i);
            double ra = ((Number) row.get("s_ra")).doubleValue();
            double dec = ((Number) row.get("s_dec")).doubleValue();
            for (int c = 0; c < CONES.size(); c++) {
                double[] cone = CONES.get(c);
                if (separationDeg(cone[0], cone[1], ra, dec) <= cone[2]) {
                    inside.get(c).add(String.valueOf(row.get("obsid")));
                }
            }
        }
        return inside;
    }

    private static void addFile(ObjectNode files, String uri, ProductFile product) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = product.size();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            product.write(0, size, out);
        }
        files.putObject(uri).put("size", size).put("sha256", HexFormat.of().formatHex(sha256.digest()));
    }

    /** Great-circle separation in degrees (haversine, stable for small angles). */
    static double separationDeg(double ra1, double dec1, double ra2, double dec2) {
        double p1 = Math.toRadians(dec1);
        double p2 = Math.toRadians(dec2);
        double dp = p2 - p1;
        double dl = Math.toRadians(ra2 - ra1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return Math.toDegrees(2 * Math.asin(Math.min(1, Math.sqrt(h))));
    }
}
