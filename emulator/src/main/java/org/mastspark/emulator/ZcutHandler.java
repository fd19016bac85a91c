package org.mastspark.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * MAST's Zcut service over the emulator's {@link DeepFields}: {@code /zcut/api/v0.1/survey} (the surveys at a
 * position) and {@code /zcut/api/v0.1/astrocut} (cutouts of their mosaics as FITS, jpg or png, zipped), each as
 * a form POST (astroquery's {@code get_surveys}, {@code get_cutouts}) or a GET ({@code download_cutouts}).
 * Bad parameters: HTTP 400 with {@code {"msg": "<message>"}}; no data: HTTP 200 with {@code {"msg": ...}}.
 */
final class ZcutHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String SURVEY_PATH = "/zcut/api/v0.1/survey";
    static final String ASTROCUT_PATH = "/zcut/api/v0.1/astrocut";
    /** The survey endpoint's radius when none is sent (Zcut's documentation: 0.2 degrees). */
    static final double DEFAULT_RADIUS_DEG = 0.2;

    private final DeepFields fields;

    ZcutHandler(long seed) {
        this.fields = new DeepFields(seed);
    }

    static boolean handles(String path) {
        return path.startsWith("/zcut/");
    }

    void handle(Exchange ex) throws IOException {
        String path = ex.path.endsWith("/") ? ex.path.substring(0, ex.path.length() - 1) : ex.path;
        try {
            if (path.equals(SURVEY_PATH)) {
                ex.service = "zcut.survey";
                survey(ex, CutoutRequests.params(ex));
            } else if (path.equals(ASTROCUT_PATH)) {
                ex.service = "zcut.astrocut";
                ZcutCutouts.answer(ex, fields, CutoutRequests.params(ex));
            } else {
                ex.sendJson(404, "{\"msg\": \"Not found: " + ex.path.replace("\"", "") + "\"}");
            }
        } catch (CutoutRequests.BadRequest e) {
            CutoutRequests.badRequest(ex, e.getMessage());
        }
    }

    private static void survey(Exchange ex, Map<String, List<String>> params)
            throws IOException, CutoutRequests.BadRequest {
        double[] pos = CutoutRequests.position(params);
        String r = CutoutRequests.first(params, "radius");
        double radius = r == null || r.isEmpty() ? DEFAULT_RADIUS_DEG : CutoutRequests.angle("radius", r);
        List<String> surveys = DeepFields.surveysNear(pos[0], pos[1], radius);
        ObjectNode o = JSON.createObjectNode();
        ArrayNode a = o.putArray("surveys");
        surveys.forEach(a::add);
        ex.rows = surveys.size();
        ex.sendJson(200, o.toString());
    }
}
