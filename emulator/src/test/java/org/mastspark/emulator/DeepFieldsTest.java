package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The deep-field survey table: names, footprints, scales and mosaics as documented for the model. */
class DeepFieldsTest {
    private static final DeepFields.Field GOODS_N = new DeepFields.Field("GOODS-N", 189.228621, 62.238572, 1);
    private static final DeepFields.Field GOODS_S = new DeepFields.Field("GOODS-S", 53.122751, -27.805089, 2);

    @Test
    void surveysAreListedInOrderWithTheirFieldsFootprintsAndScales() {
        assertThat(DeepFields.SURVEYS.stream()
                        .map(s -> String.join(
                                " ",
                                s.name(),
                                s.field().name(),
                                s.xiMin() + "",
                                s.xiMax() + "",
                                s.etaMin() + "",
                                s.etaMax() + "",
                                s.scaleArcsec() + "",
                                s.mosaics().size() + ""))
                        .toList())
                .containsExactly(
                        "candels_gn_60mas GOODS-N -0.16 0.16 -0.16 0.16 0.06 3",
                        "candels_gn_30mas GOODS-N -0.05 0.15 -0.05 0.12 0.03 3",
                        "goods_north GOODS-N -0.14 0.14 -0.17 0.17 0.03 4",
                        "3dhst_goods-n GOODS-N -0.1 0.1 -0.14 0.14 0.06 3",
                        "candels_gs_60mas GOODS-S -0.15 0.15 -0.17 0.17 0.06 3",
                        "candels_gs_30mas GOODS-S -0.08 0.08 -0.1 0.1 0.03 3",
                        "goods_south GOODS-S -0.14 0.14 -0.17 0.17 0.03 4",
                        "3dhst_goods-s GOODS-S -0.11 0.11 -0.14 0.14 0.06 3");
        assertThat(DeepFields.SURVEYS.get(0).field()).isEqualTo(GOODS_N);
        assertThat(DeepFields.SURVEYS.get(7).field()).isEqualTo(GOODS_S);
    }

    @Test
    void mosaicsCarryTheirBandsBackgroundNoiseColourAndStreamIndex() {
        assertThat(DeepFields.survey("goods_north").orElseThrow().mosaics())
                .containsExactly(
                        new DeepFields.Mosaic(
                                "hlsp_goods_hst_acs_gn_f435w_v2.0_drz", "ACS", "WFC", "F435W", 0.01, 0.003, 0.3, 20),
                        new DeepFields.Mosaic(
                                "hlsp_goods_hst_acs_gn_f606w_v2.0_drz", "ACS", "WFC", "F606W", 0.01, 0.003, 0.5, 21),
                        new DeepFields.Mosaic(
                                "hlsp_goods_hst_acs_gn_f775w_v2.0_drz", "ACS", "WFC", "F775W", 0.01, 0.003, 0.65, 22),
                        new DeepFields.Mosaic(
                                "hlsp_goods_hst_acs_gn_f850lp_v2.0_drz", "ACS", "WFC", "F850LP", 0.01, 0.003, 0.8, 23));
        assertThat(DeepFields.survey("3dhst_goods-s").orElseThrow().mosaics())
                .containsExactly(
                        new DeepFields.Mosaic(
                                "goodss_3dhst.v4.0.f125w_orig_sci", "WFC3", "IR", "F125W", 0.02, 0.004, 1.0, 70),
                        new DeepFields.Mosaic(
                                "goodss_3dhst.v4.0.f140w_orig_sci", "WFC3", "IR", "F140W", 0.02, 0.004, 1.1, 71),
                        new DeepFields.Mosaic(
                                "goodss_3dhst.v4.0.f160w_orig_sci", "WFC3", "IR", "F160W", 0.02, 0.004, 1.2, 72));
        assertThat(DeepFields.SURVEYS.stream()
                        .flatMap(s -> s.mosaics().stream())
                        .map(m -> m.index())
                        .toList())
                .containsExactly(
                        0, 1, 2, 10, 11, 12, 20, 21, 22, 23, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62, 63, 70, 71,
                        72);
        assertThat(DeepFields.SURVEYS.stream()
                        .flatMap(s -> s.mosaics().stream())
                        .map(m -> m.filter())
                        .distinct()
                        .toList())
                .isEqualTo(List.of("F105W", "F125W", "F160W", "F606W", "F814W", "F850LP", "F435W", "F775W", "F140W"));
    }

    @Test
    void theRecordedPositionIsInExactlyTheRecordedSurveys() {
        assertThat(DeepFields.surveysNear(189.49206, 62.20615, 0))
                .containsExactly("candels_gn_60mas", "candels_gn_30mas", "goods_north");
        assertThat(DeepFields.surveysNear(189.28066, 62.17415, 0))
                .contains("3dhst_goods-n")
                .doesNotContain("candels_gn_30mas");
    }
}
