package org.mastspark.connector.client.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.http.MastClientConfig;
import org.mastspark.connector.client.http.MastHttp;
import org.mastspark.connector.sky.SkyMath;

/**
 * A client of MAST's SANTA name resolver ({@code GET <resolverUrl>/Santa-war/query}): names go in
 * batches of at most {@value #BATCH} per request, each distinct name (case-insensitively) once; answers
 * are matched back to the input names by SANTA's lower-cased {@code searchString}, as astroquery does.
 * Retries, timeouts and the per-JVM request cap are those of {@link MastClientConfig}; the MAST token is
 * never sent to SANTA. Thread safe.
 */
public final class SantaClient {
    /** Names per request: what astroquery sends and what MAST recommends against SANTA's 20 s timeout. */
    public static final int BATCH = 30;

    /** SANTA's public address (astroquery uses http; the service also answers on https). */
    public static final String DEFAULT_URL = "https://mastresolver.stsci.edu";

    private static final ObjectMapper MAPPER = new ObjectMapper(MastHttp.JSON);

    private final MastHttp http;

    /**
     * @param config settings whose base URL is SANTA's (the emulator serves SANTA on its own base URL); its
     *     token, if any, is not sent: SANTA is public and needs none
     */
    public SantaClient(MastClientConfig config) {
        this.http = MastHttp.shared(config.toBuilder().token(null).build());
    }

    /** One resolver's answer for one name. */
    public record Resolution(
            String name, String resolver, String canonicalName, double ra, double dec, String objectType) {}

    /**
     * Resolves names.
     *
     * @param names input names (repeats and case variants are asked once)
     * @param resolvers resolvers to ask, in order (e.g. SIMBAD, NED, TIC); empty for SANTA's default
     * @param resolveAll every resolver's answer rather than the first
     * @return for each distinct lower-cased name, its resolutions in SANTA's order; names SANTA does not
     *     know are absent
     */
    public Map<String, List<Resolution>> resolve(
            List<String> names, List<String> resolvers, boolean resolveAll, ClientMetrics metrics) {
        Set<String> distinct = new LinkedHashSet<>();
        Map<String, String> original = new LinkedHashMap<>();
        for (String n : names) {
            if (n == null || n.isBlank()) {
                continue;
            }
            String key = key(n);
            if (distinct.add(key)) {
                original.put(key, n.trim());
            }
        }
        List<String> keys = new ArrayList<>(distinct);
        Map<String, List<Resolution>> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i += BATCH) {
            List<String> batch = keys.subList(i, Math.min(keys.size(), i + BATCH));
            StringBuilder q = new StringBuilder("/Santa-war/query?outputFormat=json&resolveAll=")
                    .append(resolveAll ? "True" : "False");
            List<String> asked = new ArrayList<>(resolvers);
            if (!resolveAll && !resolvers.isEmpty()) {
                // as astroquery does: a pinned resolver is asked along with the catalog resolver of
                // TIC/KIC/EPIC names, so that a catalog star resolves even where SIMBAD/NED lack it
                for (String k : batch) {
                    String catalog = catalogResolver(k);
                    if (catalog != null && asked.stream().noneMatch(catalog::equalsIgnoreCase)) {
                        asked.add(catalog);
                    }
                }
            }
            for (String r : asked) {
                q.append("&resolver=").append(URLEncoder.encode(r, StandardCharsets.UTF_8));
            }
            for (String k : batch) {
                q.append("&name=").append(URLEncoder.encode(original.get(k), StandardCharsets.UTF_8));
            }
            String what = "SANTA resolution of " + batch.size() + " names";
            JsonNode answer;
            try (MastHttp.Response r = http.get(what, q.toString(), -1, metrics);
                    InputStream in = r.body()) {
                answer = MAPPER.readTree(in);
            } catch (IOException e) {
                throw new MastException(what + " failed: " + http.failure(e), e);
            }
            for (JsonNode e : answer.path("resolvedCoordinate")) {
                String key = key(e.path("searchString").asText());
                if (!batch.contains(key) || !e.has("ra") || !e.has("decl")) {
                    continue;
                }
                out.computeIfAbsent(key, k -> new ArrayList<>())
                        .add(new Resolution(
                                original.get(key),
                                e.path("resolver").asText(),
                                e.path("canonicalName").asText(null),
                                e.path("ra").asDouble(),
                                e.path("decl").asDouble(),
                                e.path("objectType").asText(null)));
            }
        }
        return out;
    }

    /**
     * The catalog resolver SANTA has for a name: {@code TIC} for "TIC nnn", {@code KEPLER} for "KIC nnn",
     * {@code K2} for "EPIC nnn"; null for other names.
     */
    public static String catalogResolver(String name) {
        String k = key(name);
        if (k.startsWith("tic ")) {
            return "TIC";
        }
        if (k.startsWith("kic ")) {
            return "KEPLER";
        }
        if (k.startsWith("epic ")) {
            return "K2";
        }
        return null;
    }

    /** A chosen resolution, with a warning for the user when the choice needs one. */
    public record Choice(Resolution resolution, String warning) {}

    /** Separation above which a pinned resolver's position and the catalog's draw a warning, in degrees. */
    private static final double DISAGREEMENT_DEGREES = 1.0 / 3600;

    /**
     * Chooses among one name's resolutions as astroquery does: without a pinned resolver the first
     * (SANTA's preferred); with one, that resolver's entry, warned about when it is more than 1 arcsec from
     * the name's catalog resolver (TIC, KEPLER, K2); when the pinned resolver lacks the name, the catalog's
     * entry, with a warning that says so.
     *
     * @return null when nothing usable was resolved
     */
    public static Choice choose(String name, List<Resolution> found, String pinned) {
        if (found == null || found.isEmpty()) {
            return null;
        }
        if (pinned == null) {
            return new Choice(found.get(0), null);
        }
        String catalog = catalogResolver(name);
        Resolution fromCatalog = null;
        Resolution fromPinned = null;
        for (Resolution r : found) {
            if (fromPinned == null && r.resolver().equalsIgnoreCase(pinned)) {
                fromPinned = r;
            }
            if (fromCatalog == null && catalog != null && r.resolver().equalsIgnoreCase(catalog)) {
                fromCatalog = r;
            }
        }
        if (fromPinned == null) {
            return fromCatalog == null
                    ? null
                    : new Choice(
                            fromCatalog,
                            pinned.toUpperCase(Locale.ROOT) + " does not know '" + name + "'; the " + catalog
                                    + " catalog position is used");
        }
        if (fromCatalog != null && fromCatalog != fromPinned) {
            double sep =
                    SkyMath.angularDistanceDeg(fromPinned.ra(), fromPinned.dec(), fromCatalog.ra(), fromCatalog.dec());
            if (sep > DISAGREEMENT_DEGREES) {
                return new Choice(
                        fromPinned,
                        String.format(
                                Locale.ROOT,
                                "%s and the %s catalog disagree on '%s' by %.2f arcsec; the %s position is used",
                                pinned.toUpperCase(Locale.ROOT),
                                catalog,
                                name,
                                sep * 3600,
                                pinned.toUpperCase(Locale.ROOT)));
            }
        }
        return new Choice(fromPinned, null);
    }

    /** How SANTA keys a name: lower case, inner white space collapsed. */
    public static String key(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
