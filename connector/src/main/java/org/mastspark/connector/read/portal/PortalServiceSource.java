package org.mastspark.connector.read.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructType;
import org.mastspark.connector.MastOptions;
import org.mastspark.connector.client.MastException;
import org.mastspark.connector.client.http.ClientMetrics;
import org.mastspark.connector.client.portal.PortalClient;
import org.mastspark.connector.client.portal.PortalRequest;
import org.mastspark.connector.client.rows.RowLayout;
import org.mastspark.connector.read.MastPartition;
import org.mastspark.connector.read.MastSource;
import org.mastspark.connector.read.PlannedRequests;
import org.mastspark.connector.read.SourceQuery;
import org.mastspark.connector.schema.MastSchemas;
import org.mastspark.connector.text.Echo;

/**
 * Any Portal service with the user's parameters: {@code load("portal:Mast.Caom.Cone")} with option
 * {@code params}, and the HSC services astroquery names: {@code catalogs/hsc/spectra} (every HSC spectrum,
 * {@code Catalogs.get_hsc_spectra}) and {@code catalogs/hsc/matches} (the detections of one match id, option
 * {@code matchid}, {@code Catalogs.query_hsc_matchid}). The schema is the one MAST declares for a one-row
 * request. The parameters are the user's: no predicate is pushed. Planning: a one-row probe tells the size,
 * then one partition per page.
 */
public final class PortalServiceSource implements MastSource {
    static final String HSC_SPECTRA_SERVICE = "Mast.HscSpectra.Db.All";
    static final String HSC_MATCHES_SERVICE = "Mast.HscMatches.Db.v3";
    static final String HSC_MATCHES_SERVICE_V2 = "Mast.HscMatches.Db.v2";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String service;
    private final String path;
    private final MastOptions options;

    private PortalServiceSource(String service, String path, MastOptions options) {
        this.service = service;
        this.path = path;
        this.options = options;
    }

    /**
     * The HSC services under {@code catalogs/hsc/}: {@code spectra} and {@code matches} ({@code matches/v2}, the
     * v2 matches, is a path under {@code matches}).
     */
    public static List<String> hscTables() {
        return List.of("spectra", "matches");
    }

    /** Whether {@code load(path)} names this source. */
    public static boolean handles(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return (lower.startsWith("portal:")
                        && !path.substring("portal:".length()).isBlank())
                || lower.equals("catalogs/hsc/spectra")
                || lower.equals("catalogs/hsc/matches")
                || lower.equals("catalogs/hsc/matches/v2");
    }

    /** The source a {@code load(path)} of a Portal service names. */
    public static MastSource of(String path, MastOptions options) {
        String lower = path.toLowerCase(Locale.ROOT);
        String service;
        if (lower.startsWith("portal:")) {
            service = path.substring("portal:".length()).trim();
        } else if (lower.equals("catalogs/hsc/spectra")) {
            service = HSC_SPECTRA_SERVICE;
        } else {
            service = lower.endsWith("/v2") ? HSC_MATCHES_SERVICE_V2 : HSC_MATCHES_SERVICE;
        }
        return new PortalServiceSource(service, "portal:" + service, options);
    }

    @Override
    public String describe() {
        return path;
    }

    @Override
    public StructType schema() {
        StructType declared = declaredSchema();
        if (declared == null) {
            throw new MastException("MAST service " + service + " declared no columns for params "
                    + Echo.of(paramsText(options)) + "; give the schema with .schema(...)");
        }
        return declared;
    }

    /** The schema MAST declares for a one-row request, or null when it declares no columns. */
    @Override
    public StructType declaredSchema() {
        PortalClient.Probe p = probe(new PortalClient(options.clientConfig()), params(options), new ClientMetrics());
        return p.fieldNames().isEmpty() ? null : MastSchemas.fromMastFields(p.fieldNames(), p.fieldTypes());
    }

    @Override
    public SourceQuery newQuery(MastOptions scanOptions, StructType schema) {
        return new Query(scanOptions, schema);
    }

    private PortalClient.Probe probe(PortalClient client, ObjectNode params, ClientMetrics metrics) {
        return client.probe(PortalRequest.of(service, params, 1), metrics);
    }

    /** Option {@code params}, or for HSC matches the match id of option {@code matchid}. */
    private String paramsText(MastOptions options) {
        if (service.startsWith("Mast.HscMatches.") && options.params() == null) {
            String matchId = options.get(MastOptions.MATCH_ID);
            if (matchId == null) {
                throw new IllegalArgumentException(
                        "Missing option 'matchid' for catalogs/hsc/matches: give the HSC MatchID whose detections"
                                + " to read, e.g. .option(\"matchid\", \"82371983\")");
            }
            if (!matchId.matches("\\d+")) {
                throw new IllegalArgumentException("Invalid value '" + Echo.of(matchId)
                        + "' for option 'matchid': expected an HSC MatchID, a whole number such as 82371983");
            }
            // MAST takes the MatchID as a string, as astroquery sends it
            return "{\"input\": \"" + matchId + "\"}";
        }
        return options.params() == null ? "{}" : options.params();
    }

    private ObjectNode params(MastOptions options) {
        try {
            var node = MAPPER.readTree(paramsText(options));
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new IllegalArgumentException("Invalid value '" + Echo.of(options.params())
                    + "' for option 'params': expected a JSON object such as {\"ra\": 23.34, \"dec\": 60.66,"
                    + " \"radius\": 0.2}");
        }
    }

    private final class Query extends SourceQuery {
        Query(MastOptions options, StructType schema) {
            super(options, schema);
        }

        @Override
        protected String describe() {
            return path + " [filters=[]]";
        }

        @Override
        protected List<MastPartition> plan(Read read) {
            ClientMetrics metrics = new ClientMetrics();
            ObjectNode params = params(options);
            PortalRequest request = PortalRequest.of(service, params, options.pagesize());
            RowLayout layout = MastSchemas.layout(read.required());
            long limit = read.limit();
            List<MastPartition> parts = new ArrayList<>();
            if (limit == 0) {
                return parts;
            }
            if (limit > 0 && limit <= options.pagesize()) {
                parts.add(new PortalPartition(
                        options.clientConfig(), request.withPagesize((int) limit), 1, 1, layout, null, limit));
                return parts;
            }
            long rows = probe(new PortalClient(options.clientConfig()), params, metrics)
                    .rowsFiltered();
            if (rows < 0) {
                parts.add(new PortalPartition(options.clientConfig(), request, 1, -1, layout, null, limit));
                return parts;
            }
            PlannedRequests.check(
                    options,
                    path,
                    metrics.requests() + (rows + request.pagesize() - 1) / request.pagesize(),
                    "a request per page: " + rows + " rows in pages of " + request.pagesize());
            PortalPartition.addPages(parts, options.clientConfig(), request, rows, layout, null, limit);
            return parts;
        }
    }
}
