package org.mastspark.connector.client.cutout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Names from headers, checked against the recorded files, whose header values were read with astropy:
 * the 2018 TESScut file has {@code SECTOR = ''}, {@code CAMERA = 4}, {@code CCD = 3}, {@code RA_OBJ = 107.27},
 * {@code DEC_OBJ = -70.0}, {@code TDIM5 = '(5, 5)'} and first {@code FFI_FILE}
 * {@code tess2018206192942-s0001-4-3-0120-s_ffi}; the Zcut file has {@code RA_OBJ = 189.49206},
 * {@code DEC_OBJ = 62.20615} and three 100 x 100 {@code CUTOUT} images.
 */
class CutoutFilesTest {
    @Test
    void theRecordedTargetPixelFileIsNamedFromItsHeader() throws IOException {
        CutoutFiles.CutoutHeader h = CutoutFiles.read(new ByteArrayInputStream(Recorded.tessTpf()));

        assertThat(h)
                .isEqualTo(new CutoutFiles.CutoutHeader(
                        1, 4, 3, 107.27, -70.0, 5, 5, null, "TESS", "TESS Photometer", null, null, "PIXELS"));
        assertThat(CutoutFiles.tesscutName(h, null))
                .isEqualTo("tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits");
        // a requested sector does not override the file's own
        assertThat(CutoutFiles.tesscutName(h, 9)).isEqualTo("tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits");
    }

    /** The header and first row are all that is read: the file's first 64 KiB are enough. */
    @Test
    void onlyTheHeadersAndTheFirstRowAreNeeded() throws IOException {
        byte[] tpf = Recorded.tessTpf();
        byte[] head = Arrays.copyOf(tpf, 64 * 1024);
        assertThat(CutoutFiles.read(head, head.length).sector()).isEqualTo(1);
        // the two headers (2 + 7 blocks of 2880 bytes) without the first row: no FFI_FILE, so no sector, and the
        // requested one is used
        byte[] headers = Arrays.copyOf(tpf, 2880 * 9);
        CutoutFiles.CutoutHeader h = CutoutFiles.read(headers, headers.length);
        assertThat(h.sector()).isNull();
        assertThat(CutoutFiles.tesscutName(h, 1)).isEqualTo("tess-s0001-4-3_107.270000_-70.000000_5x5_astrocut.fits");
        assertThatThrownBy(() -> CutoutFiles.tesscutName(h, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The TESScut file's primary header lacks SECTOR (and no sector was requested): it cannot be"
                        + " named from its header");
    }

    @Test
    void theRecordedZcutFileIsNamedFromItsHeaderAndTheSurvey() throws IOException {
        byte[] fits = Recorded.members(Recorded.bytes(Recorded.ZCUT_FITS_ZIP))
                .values()
                .iterator()
                .next();
        CutoutFiles.CutoutHeader h = CutoutFiles.read(new ByteArrayInputStream(fits));
        assertThat(h.ra()).isEqualTo(189.49206);
        assertThat(h.dec()).isEqualTo(62.20615);
        assertThat(h.firstExtension()).isEqualTo("CUTOUT");
        assertThat(CutoutFiles.zcutName("candels_gn_30mas", h))
                .isEqualTo("candels_gn_30mas_189.492060_62.206150_100x100_astrocut.fits");
    }

    @Test
    void notFitsIsAnError() {
        assertThatThrownBy(() -> CutoutFiles.read(new ByteArrayInputStream("{\"msg\": \"x\"}".getBytes())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void headerTextCannotLeadOutOfTheDirectory() {
        CutoutFiles.CutoutHeader moving = new CutoutFiles.CutoutHeader(
                6, 1, 1, null, null, 5, 5, "../../etc/pass wd", null, null, null, null, null);
        assertThat(CutoutFiles.tesscutName(moving, null))
                .isEqualTo("_._.._etc_pass_wd_tess-s0006-1-1_5x5_astrocut.fits");
        CutoutFiles.CutoutHeader hap = new CutoutFiles.CutoutHeader(
                null, null, null, 351.347812, 28.497808, 5, 5, null, "HST", "WFC3/IR", ".", "F160W", "SCI");
        assertThat(CutoutFiles.hapcutName(hap, 0, 0))
                .isEqualTo("hapcut_HST_WFC3_IR___F160W_351.347812_28.497808_5x5.fits");
        assertThat(CutoutFiles.numbered("hapcut_HST_351.347812_28.497808_5x5.fits", 2))
                .isEqualTo("hapcut_HST_351.347812_28.497808_5x5_2.fits");
    }
}
