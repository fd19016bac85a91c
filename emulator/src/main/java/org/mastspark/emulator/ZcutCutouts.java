package org.mastspark.emulator;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Zcut's {@code astrocut} answers: cutouts of {@link DeepFields} mosaics. */
final class ZcutCutouts {
    private ZcutCutouts() {}

    static void answer(Exchange ex, DeepFields fields, Map<String, List<String>> params)
            throws IOException, CutoutRequests.BadRequest {
        ex.sendJson(200, "{\"msg\": \"not built yet\"}");
    }
}
