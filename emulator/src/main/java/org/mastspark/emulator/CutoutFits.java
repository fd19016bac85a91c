package org.mastspark.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;
import nom.tam.util.FitsOutputStream;

/**
 * Cutout files: FITS files of a data-less primary HDU and float32 image extensions (every card written by
 * nom-tam-fits, the pixels as big-endian floats), and the cutout geometry shared by Zcut and Hapcut: which
 * mosaic pixels a cutout of a size centred on a position takes, and their values.
 */
final class CutoutFits {
    static final int BLOCK = 2880;

    private CutoutFits() {}

    /** Header cards in order; long strings (Hapcut's FILENAME) continue on CONTINUE cards, as astropy writes them. */
    static final class Cards {
        private final Header header = new Header();

        Cards add(String key, Object value, String comment) {
            try {
                HeaderCard card;
                if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
                    // nom-tam-fits writes whole doubles such as 2000.0 as 2.E3: write them as Python does
                    String image = String.format(
                            java.util.Locale.ROOT,
                            "%-8s= %20s%s",
                            key,
                            java.math.BigDecimal.valueOf(d).setScale(1).toPlainString(),
                            comment.isEmpty() ? "" : " / " + comment);
                    card = HeaderCard.create(image.length() > 80 ? image.substring(0, 80) : image);
                } else if (value instanceof Boolean b) {
                    card = new HeaderCard(key, b, comment);
                } else if (value instanceof Number n) {
                    card = new HeaderCard(key, n, comment);
                } else {
                    card = new HeaderCard(key, value.toString(), comment);
                }
                header.addLine(card);
            } catch (HeaderCardException e) {
                throw new IllegalStateException("card " + key + " = " + value, e);
            }
            return this;
        }

        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream(BLOCK * 2);
            try (FitsOutputStream f = new FitsOutputStream(out)) {
                header.write(f);
                f.flush();
            } catch (FitsException e) {
                throw new IllegalStateException("invalid header: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** The primary header of a file whose data is all in extensions. */
    static Cards primary() {
        return new Cards()
                .add("SIMPLE", true, "conforms to FITS standard")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 0, "number of array dimensions")
                .add("EXTEND", true, "");
    }

    /** The mandatory cards of a float32 image extension of {@code nx} columns and {@code ny} rows. */
    static Cards image(int nx, int ny) {
        return new Cards()
                .add("XTENSION", "IMAGE", "Image extension")
                .add("BITPIX", -32, "array data type")
                .add("NAXIS", 2, "number of array dimensions")
                .add("NAXIS1", nx, "")
                .add("NAXIS2", ny, "")
                .add("PCOUNT", 0, "number of parameters")
                .add("GCOUNT", 1, "number of groups");
    }

    /** An image extension: its header and its pixels, row by row from FITS row 1 ({@code nx * ny} values). */
    record Image(Cards header, float[] pixels) {}

    /** A whole FITS file: the primary header, then each image with its data padded to 2880-byte blocks. */
    static byte[] file(Cards primary, List<Image> images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(primary.bytes());
        for (Image im : images) {
            out.writeBytes(im.header().bytes());
            int n = im.pixels().length * 4;
            ByteBuffer data = ByteBuffer.allocate((n + BLOCK - 1) / BLOCK * BLOCK);
            for (float v : im.pixels()) {
                data.putFloat(v);
            }
            out.writeBytes(data.array());
        }
        return out.toByteArray();
    }

    /**
     * The window of a survey's mosaic grid a cutout takes: {@code nx} columns from 0-based mosaic column
     * {@code xmin}, {@code ny} rows from row {@code ymin}, whose centre is within half a pixel of the target (for
     * odd sizes the target is in the middle pixel).
     */
    record Window(long xmin, long ymin, int nx, int ny) {
        /** The window of a {@code nx} x {@code ny} cutout centred on a position. */
        static Window centredOn(DeepFields.Survey s, double ra, double dec, int nx, int ny) {
            double[] p = DeepFields.project(s.field(), ra, dec);
            // 0-based mosaic pixel coordinates of the target (FITS pixel p is 0-based p - 1)
            double cx = s.crpix1() - p[0] / s.scale() - 1;
            double cy = s.crpix2() + p[1] / s.scale() - 1;
            return new Window(
                    (long) Math.floor(cx - (nx - 1) / 2.0 + 0.5), (long) Math.floor(cy - (ny - 1) / 2.0 + 0.5), nx, ny);
        }

        /** The cutout's CRPIX1/CRPIX2: the mosaic's shifted by the window's origin. */
        double crpix1(DeepFields.Survey s) {
            return s.crpix1() - xmin;
        }

        double crpix2(DeepFields.Survey s) {
            return s.crpix2() - ymin;
        }

        /** The window's pixel values of one mosaic, row by row (NaN off the mosaic). */
        float[] pixels(DeepFields fields, DeepFields.Survey s, DeepFields.Mosaic m) {
            Map<Long, List<DeepFields.Galaxy>> cache = DeepFields.newCache();
            float[] out = new float[nx * ny];
            for (int j = 0; j < ny; j++) {
                for (int i = 0; i < nx; i++) {
                    out[j * nx + i] = fields.pixel(s, m, xmin + i, ymin + j, cache);
                }
            }
            return out;
        }
    }

    /** The WCS cards of a cutout window: north-up TAN about the field's centre, CD matrix. */
    static Cards addWcs(Cards c, DeepFields.Survey s, Window w) {
        return c.add("WCSAXES", 2, "number of World Coordinate System axes")
                .add("CTYPE1", "RA---TAN", "")
                .add("CTYPE2", "DEC--TAN", "")
                .add("CRVAL1", s.field().ra(), "")
                .add("CRVAL2", s.field().dec(), "")
                .add("CRPIX1", w.crpix1(s), "")
                .add("CRPIX2", w.crpix2(s), "")
                .add("CD1_1", -s.scale(), "")
                .add("CD1_2", 0.0, "")
                .add("CD2_1", 0.0, "")
                .add("CD2_2", s.scale(), "")
                .add("CUNIT1", "deg", "")
                .add("CUNIT2", "deg", "")
                .add("RADESYS", "ICRS", "");
    }
}
