package org.mastspark.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import nom.tam.fits.BasicHDU;
import nom.tam.fits.Fits;
import nom.tam.fits.FitsException;

/** Test helpers for cutout answers: zip members (checked stored, with the fixed time), FITS HDUs, TAN geometry. */
final class Cutouts {
    private Cutouts() {}

    /** The members of a zip, in order; every one stored (method 0) with entry time 2020-12-01 10:35:28. */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getTimeLocal()).as(e.getName()).isEqualTo(LocalDateTime.of(2020, 12, 1, 10, 35, 28));
                out.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(out).as("zip members").isNotEmpty();
        return out;
    }

    static List<BasicHDU<?>> hdus(byte[] fits) throws IOException, FitsException {
        try (Fits f = new Fits(new ByteArrayInputStream(fits))) {
            List<BasicHDU<?>> out = new ArrayList<>(List.of(f.read()));
            for (BasicHDU<?> h : out) {
                h.getKernel(); // load the data while the stream is open
            }
            return out;
        }
    }

    /**
     * The 0-based pixel {x, y} of a position under a north-up TAN WCS (CRVAL, CRPIX, CD1_1 = -scale, CD2_2 =
     * scale), computed here from the gnomonic projection's textbook formulas.
     */
    static double[] pixelOf(
            double ra,
            double dec,
            double crval1,
            double crval2,
            double crpix1,
            double crpix2,
            double cd11,
            double cd22) {
        double a = Math.toRadians(ra - crval1);
        double d = Math.toRadians(dec);
        double d0 = Math.toRadians(crval2);
        double cosc = Math.sin(d0) * Math.sin(d) + Math.cos(d0) * Math.cos(d) * Math.cos(a);
        double xi = Math.toDegrees(Math.cos(d) * Math.sin(a) / cosc);
        double eta = Math.toDegrees((Math.cos(d0) * Math.sin(d) - Math.sin(d0) * Math.cos(d) * Math.cos(a)) / cosc);
        return new double[] {crpix1 + xi / cd11 - 1, crpix2 + eta / cd22 - 1};
    }
}
