package org.mastspark.emulator.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mastspark.emulator.sky.ProductFile;
import org.mastspark.emulator.sky.ResultTable;

/**
 * Expected values the Python suite cannot derive on its own, computed here directly from the Java
 * {@code SyntheticSky} — never over HTTP — so the HTTP layer and astroquery's parsing are what is under
 * test:
 *
 * <ul>
 *   <li>{@code cones}: for each synthetic cone of {@code test_observations.py}, the obsids whose centre
 *       lies within the radius, by a brute-force scan of every observation (one all-sky filtered query,
 *       separations computed here), not by the emulator's cone code;
 *   <li>{@code productObsids}, {@code products}: a few synthetic observations with SCIENCE products and
 *       their product URIs;
 *   <li>{@code files}: size and SHA-256 of those SCIENCE products and of one recorded URI, from
 *       {@link ProductFile#write}.
 * </ul>
 *
 * Any part the sky cannot supply is left out; the Python side then falls back to its own derivation.
 */
final class ConformanceExpectations {
    /** Must match {@code SYNTHETIC_CONES} in {@code test_observations.py}: ra, dec, radius (deg). */
    static final List<double[]> CONES =
            List.of(new double[] {210.8025, 54.3488, 0.2}, new double[] {10.6847, 41.2690, 0.2}, new double[] {
                150.1191, 2.2058, 0.25
            });

    static final String RECORDED_URI = "mast:HST/product/u9o40504m_c3m.fits";
    private static final int PRODUCT_OBSERVATIONS = 3;
    private static final int MAX_CANDIDATES = 40;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ConformanceExpectations() {}

    static void write(EmulatorHandle sky, Path file) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("cones", bruteForceCones(sky));
        ArrayNode obsids = root.putArray("productObsids");
        ObjectNode products = root.putObject("products");
        ObjectNode files = root.putObject("files");
        addProducts(sky, obsids, products, files);
        addFile(sky, RECORDED_URI, files);
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static ArrayNode bruteForceCones(EmulatorHandle sky) {
        ArrayNode cones = MAPPER.createArrayNode();
        List<List<String>> inside = new ArrayList<>();
        for (int i = 0; i < CONES.size(); i++) {
            inside.add(new ArrayList<>());
        }
        ObjectNode allSky = MAPPER.createObjectNode().put("columns", "*");
        allSky.putArray("filters")
                .addObject()
                .put("paramName", "s_dec")
                .putArray("values")
                .addObject()
                .put("min", -90.0)
                .put("max", 90.0);
        Optional<ResultTable> all = sky.query("Mast.Caom.Filtered", allSky);
        if (all.isEmpty()) {
            return cones;
        }
        ResultTable table = all.get();
        for (long r = 0; r < table.rowCount(); r++) {
            JsonNode row = row(table, r);
            JsonNode ra = row.get("s_ra");
            JsonNode dec = row.get("s_dec");
            if (ra == null || dec == null || !ra.isNumber() || !dec.isNumber()) {
                continue;
            }
            for (int i = 0; i < CONES.size(); i++) {
                double[] cone = CONES.get(i);
                if (separationDeg(cone[0], cone[1], ra.asDouble(), dec.asDouble()) <= cone[2]) {
                    inside.get(i).add(row.get("obsid").asText());
                }
            }
        }
        for (int i = 0; i < CONES.size(); i++) {
            double[] cone = CONES.get(i);
            ObjectNode node =
                    cones.addObject().put("ra", cone[0]).put("dec", cone[1]).put("radius", cone[2]);
            ArrayNode ids = node.putArray("obsids");
            inside.get(i).forEach(ids::add);
        }
        return cones;
    }

    private static void addProducts(EmulatorHandle sky, ArrayNode obsids, ObjectNode products, ObjectNode files)
            throws IOException {
        double[] cone = CONES.get(0);
        ObjectNode params =
                MAPPER.createObjectNode().put("ra", cone[0]).put("dec", cone[1]).put("radius", cone[2]);
        Optional<ResultTable> observations = sky.query("Mast.Caom.Cone", params);
        if (observations.isEmpty()) {
            return;
        }
        ResultTable table = observations.get();
        for (long r = 0; r < Math.min(table.rowCount(), MAX_CANDIDATES) && obsids.size() < PRODUCT_OBSERVATIONS; r++) {
            String obsid = row(table, r).get("obsid").asText();
            Optional<ResultTable> list =
                    sky.query("Mast.Caom.Products", MAPPER.createObjectNode().put("obsid", obsid));
            if (list.isEmpty()) {
                continue;
            }
            Map<String, Boolean> uris = new LinkedHashMap<>();
            for (long p = 0; p < list.get().rowCount(); p++) {
                JsonNode product = row(list.get(), p);
                uris.put(
                        product.get("dataURI").asText(),
                        "SCIENCE".equals(product.path("productType").asText()));
            }
            if (!uris.containsValue(Boolean.TRUE)) {
                continue;
            }
            obsids.add(obsid);
            ArrayNode listed = products.putArray(obsid);
            for (Map.Entry<String, Boolean> e : uris.entrySet()) {
                listed.add(e.getKey());
                if (e.getValue()) {
                    addFile(sky, e.getKey(), files);
                }
            }
        }
    }

    private static void addFile(EmulatorHandle sky, String uri, ObjectNode files) throws IOException {
        Optional<ProductFile> product = sky.product(uri);
        if (product.isEmpty()) {
            return;
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long size = product.get().size();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
            product.get().write(0, size, out);
        }
        files.putObject(uri).put("size", size).put("sha256", HexFormat.of().formatHex(sha256.digest()));
    }

    private static JsonNode row(ResultTable table, long index) {
        try (TokenBuffer buffer = new TokenBuffer(MAPPER, false)) {
            table.writeRow(index, buffer);
            return MAPPER.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
