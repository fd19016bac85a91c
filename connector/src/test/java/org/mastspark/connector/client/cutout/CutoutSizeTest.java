package org.mastspark.connector.client.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mastspark.connector.testing.RoundTrip;

/** Sizes as users write them, their wire form (astroquery's) and the refusals, with exact messages. */
class CutoutSizeTest {
    private static List<String> wire(String text) {
        CutoutSize s = CutoutSize.parse(text);
        return List.of(s.wireY(), s.wireX(), s.wireUnits());
    }

    @Test
    void pixelSizesGoAsPixelsRowsFirst() {
        assertThat(wire("20")).containsExactly("20", "20", "px");
        assertThat(wire("20x15")).containsExactly("20", "15", "px");
        assertThat(wire(" 20 x 15 px ")).containsExactly("20", "15", "px");
        assertThat(wire("5px")).containsExactly("5", "5", "px");
        assertThat(wire("2.5x3")).containsExactly("2.5", "3", "px");
    }

    /** astroquery: {@code 5*u.arcmin} is sent as {@code y=0.08333333333333333&x=0.08333333333333333&units=d}. */
    @Test
    void anglesGoAsDegreesLikeAstroquery() {
        assertThat(wire("5arcmin")).containsExactly("0.08333333333333333", "0.08333333333333333", "d");
        assertThat(wire("0.1deg")).containsExactly("0.1", "0.1", "d");
        assertThat(wire("36arcsec")).containsExactly("0.01", "0.01", "d");
        assertThat(wire("6x3arcmin")).containsExactly("0.1", "0.05", "d");
        assertThat(wire("6arcmin x 36arcsec")).containsExactly("0.1", "0.01", "d");
    }

    @Test
    void sizesOfZeroOrLessAreRefused() {
        assertThatThrownBy(() -> CutoutSize.parse("0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid value '0' for 'size': a cutout size must be greater than 0 on both axes; expected a"
                                + " positive size such as '20', '20x15', '5arcmin' or '0.1deg' (units px, arcsec, arcmin or"
                                + " deg)");
        assertThatThrownBy(() -> CutoutSize.parse("20x0arcmin"))
                .hasMessageStartingWith("Invalid value '20x0arcmin' for 'size': a cutout size must be greater than 0");
        assertThatThrownBy(() -> CutoutSize.parse("-5"))
                .hasMessage("Invalid value '-5' for 'size': expected a positive size such as '20', '20x15', '5arcmin'"
                        + " or '0.1deg' (units px, arcsec, arcmin or deg)");
        assertThatThrownBy(() -> CutoutSize.parse(""))
                .hasMessageStartingWith("Invalid value '' for 'size': expected a positive size");
    }

    @Test
    void unknownUnitsAndMixedUnitsAreRefused() {
        assertThatThrownBy(() -> CutoutSize.parse("5furlong"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Invalid value '5furlong' for 'size': unknown unit 'furlong'; use px, arcsec, arcmin or deg");
        assertThatThrownBy(() -> CutoutSize.parse("20pxx5arcmin"))
                .hasMessage(
                        "Invalid value '20pxx5arcmin' for 'size': pixels cannot be mixed with an angle (the services"
                                + " take one unit for both axes); give both sizes in px, or both as angles");
    }

    @Test
    void tesscutSizesAboveTenThousandPixelsAreRefused() {
        assertThatThrownBy(() -> CutoutSize.parse("120x120").requireWithinLimit(21, "TESScut"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value '120x120' for 'size': 14400 pixels is above MAST's limit of 10000 pixels"
                        + " per TESScut cutout; use a smaller size (at most 10000 pixels, e.g. '100x100')");
        // 1 deg at 21 arcsec per pixel: 3600/21 = 171.43, so 172 x 172 = 29584 pixels
        assertThatThrownBy(() -> CutoutSize.parse("1deg").requireWithinLimit(21, "TESScut"))
                .hasMessage("Invalid value '1deg' for 'size': 29584 pixels at 21 arcsec per pixel is above MAST's"
                        + " limit of 10000 pixels per TESScut cutout; use a smaller size (at most 10000 pixels, e.g."
                        + " '100x100')");
        // exactly at the limit: 100 x 100 pixels, and 35 arcmin = 2100 arcsec = 100 pixels
        assertThat(CutoutSize.parse("100x100").requireWithinLimit(21, "TESScut").pixelCount(21))
                .isEqualTo(10_000);
        assertThat(CutoutSize.parse("35arcmin").pixelCount(21)).isEqualTo(10_000);
        assertThat(CutoutSize.parse("5arcmin").pixelCount(21)).isEqualTo(15 * 15);
    }

    @Test
    void equalWireFormsAreEqualAndSurviveSerialization() throws Exception {
        assertThat(CutoutSize.parse("5arcmin")).isEqualTo(CutoutSize.parse("300arcsec"));
        assertThat(CutoutSize.parse("20x20")).isEqualTo(CutoutSize.pixels(20));
        assertThat(CutoutSize.parse("20x15")).isNotEqualTo(CutoutSize.parse("15x20"));

        CutoutSize s = CutoutSize.parse("6x3arcmin");
        CutoutSize back = RoundTrip.java(s);
        assertThat(back).isEqualTo(s);
        assertThat(back.toString()).isEqualTo("6x3arcmin");
    }
}
