package org.mastspark.emulator.sky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Synthetic Pan-STARRS values follow the real catalog's conventions, checked against the recorded rows. */
class PanstarrsValuesTest {
    private static final Pattern NAME =
            Pattern.compile("PSO J(\\d\\d)(\\d\\d)(\\d\\d\\.\\d{3})([+-])(\\d\\d)(\\d\\d)(\\d\\d\\.\\d{3})");

    @Test
    void namesAndEclipticCoordinatesAgreeWithTheRecordedRows() throws Exception {
        JsonNode data;
        try (InputStream in = getClass().getResourceAsStream("/org/mastspark/emulator/recorded/panstarrs.json")) {
            data = new ObjectMapper().readTree(in).path("data");
        }
        assertThat(data.size()).isEqualTo(35);
        for (JsonNode row : data) {
            String name = row.get(0).asText();
            Matcher m = NAME.matcher(name);
            assertThat(m.matches()).as(name).isTrue();
            // the name truncates the position to 1 mas; half a unit more rounds back to the same name
            double ra = (Integer.parseInt(m.group(1))
                            + Integer.parseInt(m.group(2)) / 60.0
                            + (Double.parseDouble(m.group(3)) + 0.0005) / 3600)
                    * 15;
            double dec = (Integer.parseInt(m.group(5))
                            + Integer.parseInt(m.group(6)) / 60.0
                            + (Double.parseDouble(m.group(7)) + 0.0005) / 3600)
                    * (m.group(4).equals("-") ? -1 : 1);
            assertThat(Panstarrs.objName(ra, dec)).isEqualTo(name);
            double[] ecl = Panstarrs.ecliptic(ra, dec);
            // MAST's lambda/beta are of the mean position, the name of an earlier one: agree to 0.5 arcsec
            assertThat(ecl[0]).as("lambda of " + name).isCloseTo(row.get(2).asDouble(), within(0.5 / 3600));
            assertThat(ecl[1]).as("beta of " + name).isCloseTo(row.get(3).asDouble(), within(0.5 / 3600));
            // objID's leading digits are PS1's zone: floor((dec + 90) * 120)
            long zone = Long.parseLong(row.get(1).asText()) / 10_000_000_000_000L;
            assertThat(zone)
                    .isBetween(
                            Panstarrs.objId(ra, dec) / 10_000_000_000_000L - 1,
                            Panstarrs.objId(ra, dec) / 10_000_000_000_000L + 1);
        }
    }

    @Test
    void galacticCoordinatesOfKnownPoints() {
        // the north galactic pole and the galactic centre (J2000)
        assertThat(Panstarrs.galactic(192.85948, 27.12825)[1]).isCloseTo(90, within(1e-6));
        double[] gc = Panstarrs.galactic(266.40499, -28.93617);
        assertThat(gc[1]).isCloseTo(0, within(0.01));
        assertThat(Math.min(gc[0], 360 - gc[0])).isCloseTo(0, within(0.01));
    }

    @Test
    void objIdsOfACellAreUniqueAndPositionDerived() {
        Panstarrs ps = new Panstarrs(42, 1.0);
        int cell = StarCatalog.GRID.cellOf(210.8, 54.35);
        int n = ps.countIn(cell);
        assertThat(n).isGreaterThan(30_000);
        java.util.Set<Long> ids = new java.util.HashSet<>();
        double[] b = StarCatalog.GRID.bounds(cell);
        for (int j = 0; j < n; j++) {
            double[] p = ps.position(cell, j, n);
            assertThat(p[0]).isBetween(b[0], b[1]);
            assertThat(p[1]).isBetween(b[2], b[3]);
            ids.add(Panstarrs.objId(p[0], p[1]));
        }
        assertThat(ids).hasSize(n);
    }
}
