package org.mastspark.connector.fits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.BinaryTableHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.Header;
import nom.tam.fits.ImageHDU;
import nom.tam.util.FitsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written files of {@link FitsTestFiles} are valid FITS by a second reader (nom-tam-fits; astropy
 * reads them in {@link FitsAstropyTest}): HDU structure, row counts and values at known places.
 */
class FitsTestFilesTest {
    @TempDir
    Path dir;

    @Test
    void straddleHasHeaderCardsAndRows() throws Exception {
        try (Fits f = new Fits(FitsTestFiles.straddle(dir).toFile())) {
            BasicHDU<?>[] hdus = f.read();
            assertThat(hdus).hasSize(2);
            Header primary = hdus[0].getHeader();
            assertThat(primary.getLongValue("TICID")).isEqualTo(123456789L);
            assertThat(primary.containsKey("PEMPTY")).isTrue();
            assertThat(primary.findCard("PEMPTY").getValue()).isEmpty();
            BinaryTableHDU t = (BinaryTableHDU) hdus[1];
            assertThat(t.getHeader().findCard("XEMPTY").getValue()).isEmpty();
            assertThat(t.getNRows()).isEqualTo(1000);
            assertThat(t.getHeader().getIntValue("NAXIS1")).isEqualTo(37);
            assertThat(t.getData().getLong(999, 0)).isEqualTo(999 * 1_000_003L - 500_000_000L);
            assertThat(t.getData().getString(3, 3)).isEqualTo("s3");
        }
    }

    @Test
    void allTypesAndScaledReadWithNomTam() throws Exception {
        try (Fits f = new Fits(FitsTestFiles.allTypes(dir).toFile())) {
            BinaryTableHDU t = (BinaryTableHDU) f.read()[1];
            assertThat(t.getNRows()).isEqualTo(50);
            assertThat(t.getNCols()).isEqualTo(22);
            for (int r = 0; r < 50; r++) {
                for (int c = 0; c < 22; c++) {
                    t.getData().get(r, c); // every cell decodes, heap included
                }
            }
            assertThat((int[]) t.getData().get(5, 18)).containsExactly(200, 201, 202, 203, 204);
        }
        try (Fits f = new Fits(FitsTestFiles.scaled(dir).toFile())) {
            BinaryTableHDU t = (BinaryTableHDU) f.read()[1];
            assertThat(t.getNRows()).isEqualTo(40);
            assertThat(t.getData().getDouble(1, 1)).isEqualTo(65535.0);
        }
    }

    @Test
    void imagesAndPrimaryOnly() throws Exception {
        try (Fits f = new Fits(FitsTestFiles.image(dir).toFile())) {
            BasicHDU<?>[] hdus = f.read();
            assertThat(hdus).hasSize(4);
            assertThat(((ImageHDU) hdus[1]).getAxes()).containsExactly(5, 7);
            assertThat(((ImageHDU) hdus[2]).getAxes()).containsExactly(2, 3, 4);
        }
        try (Fits f = new Fits(FitsTestFiles.primaryOnly(dir).toFile())) {
            assertThat(f.read()).hasSize(1);
        }
        assertThat(Files.size(FitsTestFiles.allTypesGz(dir))).isLessThan(Files.size(FitsTestFiles.allTypes(dir)));
    }

    @Test
    void sparseFileIsLargerThan2GiBAndSparse() throws Exception {
        Path p = FitsTestFiles.sparse(dir);
        long data = FitsTestFiles.SPARSE_ROWS * FitsTestFiles.SPARSE_ROW_BYTES;
        assertThat(data).isGreaterThan(1L << 31);
        assertThat(Files.size(p) % FitsTestFiles.BLOCK).isZero();
        try (FitsFile in = new FitsFile(p.toFile(), "r")) {
            Header.readHeader(in);
            Header ext = Header.readHeader(in);
            assertThat(ext.getLongValue("NAXIS2")).isEqualTo(FitsTestFiles.SPARSE_ROWS);
            long dataStart = in.getFilePointer();
            assertThat(dataStart + ext.getDataSize()).isEqualTo(Files.size(p));
            long last = FitsTestFiles.SPARSE_ROWS - 1;
            in.seek(dataStart + last * FitsTestFiles.SPARSE_ROW_BYTES);
            assertThat(in.readLong()).isEqualTo(last * 3 + 0x1234_5678_9AL);
            assertThat(in.readDouble()).isEqualTo(last / 7.0);
        }
    }

    @Test
    void badFiles() throws Exception {
        assertThatThrownBy(() -> {
                    try (Fits f = new Fits(FitsTestFiles.notFits(dir).toFile())) {
                        f.read();
                    }
                })
                .isInstanceOf(Exception.class);
        assertThat(Files.size(FitsTestFiles.truncated(dir))).isEqualTo(3 * 2880 + 1000);
    }
}
