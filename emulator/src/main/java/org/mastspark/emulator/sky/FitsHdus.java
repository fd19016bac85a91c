package org.mastspark.emulator.sky;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import nom.tam.fits.FitsException;
import nom.tam.fits.Header;
import nom.tam.fits.HeaderCard;
import nom.tam.fits.HeaderCardException;
import nom.tam.util.FitsOutputStream;

/**
 * Writes FITS files HDU by HDU: every header card through nom-tam-fits' {@link Header}, the data as
 * big-endian bytes built here (nom-tam-fits' table writer costs far more than the values themselves, and a
 * TESS light curve has 20,000 rows). A file is described first without its data, which gives its exact size
 * cheaply, then written whole on demand.
 */
final class FitsHdus {
    static final int BLOCK = 2880;

    private FitsHdus() {}

    /**
     * The header cards of an HDU, in order; values null for an empty-valued card ({@code KEY =  / comment}).
     * A counting instance only counts them: every card is one 80-character record (long strings are refused),
     * so the header's size follows from the count without nom-tam-fits formatting anything, which keeps
     * product listings (whose {@code size} column needs it) fast.
     */
    static final class Cards {
        private final Header header;
        private int count;
        /** The cards added, as {key, value, comment}, for {@link #addAll}. */
        private final List<Object[]> added = new ArrayList<>();

        Cards(boolean counting) {
            this.header = counting ? null : new Header();
        }

        /** Adds a copy of every card of {@code other} whose key is not in {@code except}, in order. */
        Cards addAll(Cards other, java.util.Set<String> except) {
            for (Object[] c : other.added) {
                if (!except.contains((String) c[0])) {
                    add((String) c[0], c[1], (String) c[2]);
                }
            }
            return this;
        }

        Cards add(String key, Object value, String comment) {
            count++;
            added.add(new Object[] {key, value, comment});
            if (header == null) {
                return this;
            }
            try {
                HeaderCard card;
                if (value instanceof Literal l) {
                    card = HeaderCard.create(
                            String.format(java.util.Locale.ROOT, "%-8s= %20s / %s", key, l.text(), comment));
                } else if (value == null) {
                    card = new HeaderCard(key, (String) null, comment);
                } else if (value instanceof Boolean b) {
                    card = new HeaderCard(key, b, comment);
                } else if (value instanceof Number n) {
                    card = new HeaderCard(key, n, comment);
                } else {
                    card = new HeaderCard(key, value.toString(), comment);
                }
                if (card.cardSize() != 1) {
                    // Long strings would need CONTINUE cards, which some readers do not expect in products.
                    throw new IllegalStateException("card " + key + " does not fit in 80 characters: " + card);
                }
                header.addLine(card);
            } catch (HeaderCardException e) {
                throw new IllegalStateException("card " + key + " = " + value, e);
            }
            return this;
        }

        /** The size of the header: its cards and {@code END}, padded to whole 2880-byte blocks. */
        long size() {
            return padded(80L * (count + 1));
        }

        /** The 2880-byte blocks of this header, {@code END} included. */
        byte[] bytes() {
            if (header == null) {
                throw new IllegalStateException("a counting header has no bytes");
            }
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

    /**
     * A card value written as given (a FITS number such as {@code 2000.0}): nom-tam-fits writes a double such as
     * 2000.0 as {@code 2.E3}, which readers accept but no FITS writer of MAST produces.
     */
    record Literal(String text) {
        /** A double as Java prints it ({@code 2000.0}, {@code 0.0}, {@code 1325.29}); exponents as {@code E}. */
        static Literal of(double v) {
            return new Literal(Double.toString(v));
        }
    }

    /** One binary-table column: TFORM {@code <repeat><type>} with type D, E, J, I or A; data flat, row-major. */
    record Column(String name, char type, int repeat, String unit, String disp, String dim, Long tzero, Object data) {
        Column(String name, char type, String unit, String disp, Object data) {
            this(name, type, 1, unit, disp, null, null, data);
        }

        int width() {
            return repeat
                    * switch (type) {
                        case 'D' -> 8;
                        case 'E', 'J' -> 4;
                        case 'I' -> 2;
                        case 'A', 'B' -> 1;
                        default -> throw new IllegalArgumentException("TFORM type " + type);
                    };
        }

        String tform() {
            return (repeat == 1 ? "" : Integer.toString(repeat)) + type;
        }
    }

    /** One HDU: its header and its data size; {@code data} writes exactly {@code dataBytes} bytes. */
    record Hdu(Cards header, long dataBytes, DataWriter data) {
        long paddedSize() {
            return header.size() + padded(dataBytes);
        }
    }

    /** Fills a buffer with an HDU's data (no padding). */
    interface DataWriter {
        void write(ByteBuffer out);
    }

    static long padded(long n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The primary header of a file whose data is all in extensions; {@code extra} cards follow EXTEND. */
    static Cards primary(boolean counting) {
        return new Cards(counting)
                .add("SIMPLE", true, "conforms to FITS standards")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 0, "number of array dimensions")
                .add("EXTEND", true, "file contains extensions")
                .add("NEXTEND", 2, "number of standard extensions");
    }

    static Hdu primaryHdu(Cards cards) {
        return new Hdu(cards, 0, null);
    }

    /** The mandatory BINTABLE cards and the column cards, then {@code extension} cards are appended by the caller. */
    static Cards tableCards(List<Column> columns, int rows, boolean counting) {
        int rowBytes = 0;
        for (Column c : columns) {
            rowBytes += c.width();
        }
        Cards h = new Cards(counting)
                .add("XTENSION", "BINTABLE", "binary table extension")
                .add("BITPIX", 8, "array data type")
                .add("NAXIS", 2, "number of array dimensions")
                .add("NAXIS1", rowBytes, "length of dimension 1")
                .add("NAXIS2", rows, "length of dimension 2")
                .add("PCOUNT", 0, "number of group parameters")
                .add("GCOUNT", 1, "number of groups")
                .add("TFIELDS", columns.size(), "number of table fields");
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            int n = i + 1;
            h.add("TTYPE" + n, c.name(), "column title");
            h.add("TFORM" + n, c.tform(), "column format");
            if (c.tzero() != null) {
                h.add("TSCAL" + n, 1, "data are not scaled");
                h.add("TZERO" + n, c.tzero(), "offset for unsigned integers");
            }
            if (c.unit() != null) {
                h.add("TUNIT" + n, c.unit(), "column units");
            }
            if (c.disp() != null) {
                h.add("TDISP" + n, c.disp(), "display format");
            }
            if (c.dim() != null) {
                h.add("TDIM" + n, c.dim(), "column dimensions");
            }
        }
        return h;
    }

    /** A BINTABLE HDU over columns whose data arrays hold {@code rows * repeat} values (or are null for sizing). */
    static Hdu table(Cards cards, List<Column> columns, int rows) {
        long rowBytes = 0;
        for (Column c : columns) {
            rowBytes += c.width();
        }
        List<Column> cols = List.copyOf(columns);
        return new Hdu(cards, rowBytes * rows, out -> {
            for (int r = 0; r < rows; r++) {
                for (Column c : cols) {
                    int from = r * c.repeat();
                    switch (c.type()) {
                        case 'D' -> {
                            double[] d = (double[]) c.data();
                            for (int k = 0; k < c.repeat(); k++) {
                                out.putDouble(d[from + k]);
                            }
                        }
                        case 'E' -> {
                            float[] d = (float[]) c.data();
                            for (int k = 0; k < c.repeat(); k++) {
                                out.putFloat(d[from + k]);
                            }
                        }
                        case 'J' -> {
                            int[] d = (int[]) c.data();
                            for (int k = 0; k < c.repeat(); k++) {
                                out.putInt(d[from + k]);
                            }
                        }
                        case 'I' -> {
                            short[] d = (short[]) c.data();
                            for (int k = 0; k < c.repeat(); k++) {
                                out.putShort(d[from + k]);
                            }
                        }
                        case 'A', 'B' -> out.put((byte[]) c.data(), from, c.repeat());
                        default -> throw new IllegalArgumentException("TFORM type " + c.type());
                    }
                }
            }
        });
    }

    /** The mandatory cards of a 2-d int32 IMAGE extension. */
    static Cards imageCards(int nx, int ny, boolean counting) {
        return new Cards(counting)
                .add("XTENSION", "IMAGE", "image extension")
                .add("BITPIX", 32, "array data type")
                .add("NAXIS", 2, "number of array dimensions")
                .add("NAXIS1", nx, "length of dimension 1")
                .add("NAXIS2", ny, "length of dimension 2")
                .add("PCOUNT", 0, "number of group parameters")
                .add("GCOUNT", 1, "number of groups");
    }

    static Hdu image(Cards cards, int nx, int ny, int[] data) {
        return new Hdu(cards, 4L * nx * ny, out -> {
            for (int v : data) {
                out.putInt(v);
            }
        });
    }

    static long size(List<Hdu> hdus) {
        long n = 0;
        for (Hdu h : hdus) {
            n += h.paddedSize();
        }
        return n;
    }

    /** The whole file: each header, then its data padded with zeros to a block. */
    static byte[] bytes(List<Hdu> hdus) {
        long size = size(hdus);
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("file of " + size + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (Hdu h : hdus) {
            byte[] header = h.header().bytes();
            if (header.length != h.header().size()) {
                throw new IllegalStateException("header of " + header.length + " bytes, counted "
                        + h.header().size());
            }
            out.put(header);
            if (h.dataBytes() > 0) {
                int start = out.position();
                h.data().write(out);
                if (out.position() - start != h.dataBytes()) {
                    throw new IllegalStateException(
                            "HDU data of " + (out.position() - start) + " bytes, declared " + h.dataBytes());
                }
                out.position((int) (start + padded(h.dataBytes())));
            }
        }
        return out.array();
    }

    static List<Hdu> list(Hdu... hdus) {
        return new ArrayList<>(List.of(hdus));
    }
}
