package org.mastspark.connector.fits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Purpose-built FITS files written byte by byte from the FITS standard (4.0: 80-character cards in 2880-byte
 * blocks, big-endian data, zero-padded data units), deliberately NOT with nom-tam-fits, so that comparing the
 * reader with astropy proves more than a round trip through the library the reader uses. Every value comes
 * from a seeded {@link Random}, so the files are the same on every run.
 */
final class FitsTestFiles {
    static final int BLOCK = 2880;

    /** Rows of the sparse table: 2^21 + 1000 rows of 1024 bytes, 2,148,507,648 bytes of table data. */
    static final long SPARSE_ROWS = (1L << 21) + 1000;

    /** Rows written at each end of the sparse table (the rest is zeros). */
    static final int SPARSE_WRITTEN = 100;

    static final int SPARSE_ROW_BYTES = 1024;

    private FitsTestFiles() {}

    // ---------------------------------------------------------------- the files

    /**
     * (a) + (d): 1000 rows of 37 bytes (rows straddle every 2880-byte block), with header cards for {@code
     * headerKeywords} in both HDUs and an empty-valued card in both; EXTNAME {@code STRADDLE}.
     */
    static Path straddle(Path dir) {
        Random rnd = new Random(1601);
        int rows = 1000;
        List<Col> cols = List.of(
                new Col("ID", "K", (r, b, h) -> b.putLong(r * 1_000_003L - 500_000_000L)),
                new Col("X", "D", (r, b, h) -> b.putDouble(rnd.nextGaussian() * 1e3)),
                new Col("F", "E", (r, b, h) -> b.putFloat((float) (rnd.nextDouble() * 100 - 50))),
                new Col("S", "13A", (r, b, h) -> putString(b, "s" + r + " ".repeat(r % 4), 13)),
                new Col("FLAG", "L", (r, b, h) -> b.put((byte) (rnd.nextBoolean() ? 'T' : 'F'))),
                new Col("N", "I", (r, b, h) -> b.putShort((short) (rnd.nextInt(65536) - 32768))),
                new Col("U8", "B", (r, b, h) -> b.put((byte) rnd.nextInt(256))));
        List<String> primary = new ArrayList<>(primaryCards());
        primary.add(card("TICID", 123456789L, "TESS Input Catalog id"));
        primary.add(card("SECTOR", 14L, "sector"));
        primary.add(card("OBJECT", "TIC 123456789", "target"));
        primary.add(card("TESSMAG", 9.875, "magnitude"));
        primary.add(card("SIMDATA", false, "simulated"));
        primary.add(emptyCard("PEMPTY", "a keyword without a value (primary)"));
        List<String> ext = new ArrayList<>();
        ext.add(card("EXTNAME", "STRADDLE", "name"));
        ext.add(card("SECTOR", 15L, "the extension's value wins over the primary's"));
        ext.add(card("CAMERA", 3L, "camera"));
        ext.add(emptyCard("XEMPTY", "a keyword without a value (extension)"));
        return write(dir.resolve("straddle.fits"), concat(header(primary), table(cols, rows, ext)));
    }

    /** (b): every TFORM type, repeats, TDIM cells, heap columns, strings with trailing blanks; EXTNAME ALLTYPES. */
    static Path allTypes(Path dir) {
        return write(dir.resolve("alltypes.fits"), allTypesBytes());
    }

    /** (f): the gzip-compressed bytes of {@link #allTypes}. */
    static Path allTypesGz(Path dir) {
        Path path = dir.resolve("alltypes.fits.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(allTypesBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    private static byte[] allTypesBytes() {
        Random rnd = new Random(1602);
        int rows = 50;
        List<Col> cols = List.of(
                new Col("L1", "L", (r, b, h) -> b.put((byte) (rnd.nextBoolean() ? 'T' : 'F'))),
                new Col("L3", "3L", (r, b, h) -> {
                    for (int i = 0; i < 3; i++) {
                        b.put((byte) (rnd.nextBoolean() ? 'T' : 'F'));
                    }
                }),
                new Col("X1", "1X", (r, b, h) -> b.put((byte) (rnd.nextBoolean() ? 0x80 : 0))),
                // 11 bits in two bytes; the 5 unused bits of the second byte are zero as the standard requires
                new Col("X11", "11X", (r, b, h) -> {
                    int bits = rnd.nextInt(1 << 11);
                    b.putShort((short) (bits << 5));
                }),
                new Col("B", "B", (r, b, h) -> b.put((byte) rnd.nextInt(256))),
                new Col("B3", "3B", (r, b, h) -> {
                    for (int i = 0; i < 3; i++) {
                        b.put((byte) rnd.nextInt(256));
                    }
                }),
                new Col("I", "I", (r, b, h) -> b.putShort((short) rnd.nextInt())),
                new Col("J", "J", (r, b, h) -> b.putInt(rnd.nextInt())),
                new Col("K", "K", (r, b, h) -> b.putLong(rnd.nextLong())),
                new Col("E", "E", (r, b, h) -> b.putFloat(r % 7 == 3 ? Float.NaN : (float) rnd.nextGaussian())),
                new Col("D", "D", (r, b, h) -> b.putDouble(r % 9 == 4 ? Double.NaN : rnd.nextGaussian() * 1e-7)),
                new Col("C", "C", (r, b, h) -> {
                    b.putFloat((float) rnd.nextGaussian());
                    b.putFloat((float) rnd.nextGaussian());
                }),
                new Col("M", "M", (r, b, h) -> {
                    b.putDouble(rnd.nextGaussian());
                    b.putDouble(rnd.nextGaussian());
                }),
                new Col("S10", "10A", (r, b, h) -> putString(b, STRINGS[r % STRINGS.length], 10)),
                new Col("E6", "6E", List.of(card("TDIM15", "(3,2)", "2 x 3 cells")), (r, b, h) -> {
                    for (int i = 0; i < 6; i++) {
                        b.putFloat(r * 10 + i + 0.25f);
                    }
                }),
                new Col("D24", "24D", List.of(card("TDIM16", "(4,3,2)", "2 x 3 x 4 cells")), (r, b, h) -> {
                    for (int i = 0; i < 24; i++) {
                        b.putDouble(rnd.nextDouble());
                    }
                }),
                new Col("J4", "4J", (r, b, h) -> {
                    for (int i = 0; i < 4; i++) {
                        b.putInt(rnd.nextInt(2000) - 1000);
                    }
                }),
                new Col("A34", "12A", List.of(card("TDIM18", "(4,3)", "3 strings of 4")), (r, b, h) -> {
                    putString(b, "ab", 4);
                    putString(b, "r" + r, 4);
                    putString(b, "xyzw", 4);
                }),
                new Col("PJ", "1PJ(7)", (r, b, h) -> {
                    int n = r % 8; // 0..7 elements, the empty array included
                    ByteBuffer e = ByteBuffer.allocate(4 * n);
                    for (int i = 0; i < n; i++) {
                        e.putInt(r * 100 + i - 300);
                    }
                    putHeap(b, h, n, e.array(), false);
                }),
                new Col("PE", "1PE(5)", (r, b, h) -> {
                    int n = (r * 3) % 6;
                    ByteBuffer e = ByteBuffer.allocate(4 * n);
                    for (int i = 0; i < n; i++) {
                        e.putFloat(i == 2 && r % 5 == 0 ? Float.NaN : (float) rnd.nextGaussian());
                    }
                    putHeap(b, h, n, e.array(), false);
                }),
                new Col("QD", "1QD(9)", (r, b, h) -> {
                    int n = (r * 7) % 10;
                    ByteBuffer e = ByteBuffer.allocate(8 * n);
                    for (int i = 0; i < n; i++) {
                        e.putDouble(rnd.nextGaussian() * 1e10);
                    }
                    putHeap(b, h, n, e.array(), true);
                }),
                new Col("PI", "1PI(4)", (r, b, h) -> {
                    int n = r % 5;
                    ByteBuffer e = ByteBuffer.allocate(2 * n);
                    for (int i = 0; i < n; i++) {
                        e.putShort((short) (r * 7 - i * 1000));
                    }
                    putHeap(b, h, n, e.array(), false);
                }));
        List<String> ext = new ArrayList<>();
        ext.add(card("EXTNAME", "ALLTYPES", "name"));
        return concat(header(primaryCards()), table(cols, rows, ext));
    }

    private static final String[] STRINGS = {"plain", "trail  ", "", " lead", "ten chars!", "a b", "x"};

    /** (c): unsigned conventions, arbitrary TSCAL/TZERO, TNULL on B/I/J/K (scalars and an array), NaN floats. */
    static Path scaled(Path dir) {
        Random rnd = new Random(1603);
        int rows = 40;
        List<Col> cols = List.of(
                new Col(
                        "UB",
                        "B",
                        List.of(card("TZERO1", -128L, "signed byte")),
                        (r, b, h) -> b.put((byte) (r == 0 ? 0 : r == 1 ? 255 : rnd.nextInt(256)))),
                new Col(
                        "UI",
                        "I",
                        List.of(card("TZERO2", 32768L, "unsigned 16")),
                        (r, b, h) -> b.putShort(
                                (short) (r == 0 ? Short.MIN_VALUE : r == 1 ? Short.MAX_VALUE : rnd.nextInt()))),
                new Col(
                        "UJ",
                        "J",
                        List.of(card("TZERO3", 2147483648L, "unsigned 32")),
                        (r, b, h) -> b.putInt(r == 0 ? Integer.MIN_VALUE : r == 1 ? Integer.MAX_VALUE : rnd.nextInt())),
                new Col(
                        "UK",
                        "K",
                        List.of(cardRaw("TZERO4", "9223372036854775808", "unsigned 64")),
                        (r, b, h) -> b.putLong(r == 0 ? Long.MIN_VALUE : r == 1 ? Long.MAX_VALUE : rnd.nextLong())),
                new Col(
                        "SI",
                        "I",
                        List.of(card("TSCAL5", 0.5, "scale"), card("TZERO5", 100.0, "offset")),
                        (r, b, h) -> b.putShort((short) rnd.nextInt())),
                new Col(
                        "SJ",
                        "J",
                        List.of(card("TSCAL6", 1.5, "scale"), card("TZERO6", -3.25, "offset")),
                        (r, b, h) -> b.putInt(rnd.nextInt())),
                new Col(
                        "SK",
                        "K",
                        // no TZERO: astropy 5.2.1 fails on a K column with TZERO other than 2^63 (bzero64 unbound)
                        List.of(card("TSCAL7", 0.001, "scale")),
                        (r, b, h) -> b.putLong(rnd.nextLong() >> 20)),
                new Col(
                        "SD",
                        "D",
                        List.of(card("TSCAL8", 2.0, "scale"), card("TZERO8", 1.0, "offset")),
                        (r, b, h) -> b.putDouble(r % 6 == 5 ? Double.NaN : rnd.nextGaussian())),
                new Col(
                        "NB",
                        "B",
                        List.of(card("TNULL9", 255L, "null")),
                        (r, b, h) -> b.put((byte) (r % 4 == 1 ? 255 : rnd.nextInt(255)))),
                new Col(
                        "NI",
                        "I",
                        List.of(card("TNULL10", -32768L, "null")),
                        (r, b, h) -> b.putShort((short) (r % 5 == 2 ? -32768 : rnd.nextInt(65535) - 32767))),
                new Col(
                        "NJ",
                        "J",
                        List.of(card("TNULL11", -999L, "null")),
                        (r, b, h) -> b.putInt(r % 3 == 0 ? -999 : rnd.nextInt(1_000_000))),
                new Col(
                        "NK",
                        "K",
                        List.of(card("TNULL12", -1L, "null")),
                        (r, b, h) -> b.putLong(r % 6 == 1 ? -1 : rnd.nextLong() & Long.MAX_VALUE)),
                new Col("NJ3", "3J", List.of(card("TNULL13", 0L, "null")), (r, b, h) -> {
                    for (int i = 0; i < 3; i++) {
                        b.putInt((r + i) % 4 == 0 ? 0 : rnd.nextInt(100) + 1);
                    }
                }),
                new Col(
                        "FE",
                        "E",
                        (r, b, h) -> b.putFloat(
                                r % 4 == 3
                                        ? Float.NaN
                                        : r == 8 ? Float.POSITIVE_INFINITY : (float) rnd.nextGaussian())),
                new Col(
                        "FD",
                        "D",
                        (r, b, h) -> b.putDouble(
                                r % 5 == 0 ? Double.NaN : r == 9 ? Double.NEGATIVE_INFINITY : rnd.nextGaussian())));
        List<String> ext = new ArrayList<>();
        ext.add(card("EXTNAME", "SCALED", "name"));
        return write(dir.resolve("scaled.fits"), concat(header(primaryCards()), table(cols, rows, ext)));
    }

    /** (e): a primary HDU and nothing else (NAXIS = 0). */
    static Path primaryOnly(Path dir) {
        List<String> cards = new ArrayList<>(primaryCards());
        cards.add(card("OBJECT", "nothing", "no data"));
        cards.add(emptyCard("PEMPTY", "a keyword without a value"));
        return write(dir.resolve("primary-only.fits"), header(cards));
    }

    /**
     * (e): a primary HDU without data and three IMAGE extensions: {@code IMG16} (BITPIX 16, BZERO 32768, 7 x
     * 5), {@code IMGF} (BITPIX -32, 4 x 3 x 2 with NaNs), {@code IMGB} (BITPIX 32 with BLANK, 6 x 4).
     */
    static Path image(Path dir) {
        Random rnd = new Random(1605);
        List<String> u16 = List.of(
                "XTENSION= 'IMAGE   '",
                card("BITPIX", 16L, ""),
                card("NAXIS", 2L, ""),
                card("NAXIS1", 7L, ""),
                card("NAXIS2", 5L, ""),
                card("PCOUNT", 0L, ""),
                card("GCOUNT", 1L, ""),
                card("BZERO", 32768L, "unsigned 16"),
                card("BSCALE", 1L, ""),
                card("EXTNAME", "IMG16", ""));
        ByteBuffer d16 = ByteBuffer.allocate(2 * 35);
        for (int i = 0; i < 35; i++) {
            d16.putShort((short) (i == 0 ? Short.MIN_VALUE : i == 34 ? Short.MAX_VALUE : rnd.nextInt()));
        }
        List<String> f32 = List.of(
                "XTENSION= 'IMAGE   '",
                card("BITPIX", -32L, ""),
                card("NAXIS", 3L, ""),
                card("NAXIS1", 4L, ""),
                card("NAXIS2", 3L, ""),
                card("NAXIS3", 2L, ""),
                card("PCOUNT", 0L, ""),
                card("GCOUNT", 1L, ""),
                card("EXTNAME", "IMGF", ""));
        ByteBuffer df = ByteBuffer.allocate(4 * 24);
        for (int i = 0; i < 24; i++) {
            df.putFloat(i % 7 == 3 ? Float.NaN : (float) rnd.nextGaussian());
        }
        List<String> i32 = List.of(
                "XTENSION= 'IMAGE   '",
                card("BITPIX", 32L, ""),
                card("NAXIS", 2L, ""),
                card("NAXIS1", 6L, ""),
                card("NAXIS2", 4L, ""),
                card("PCOUNT", 0L, ""),
                card("GCOUNT", 1L, ""),
                card("BLANK", -999L, "undefined pixel"),
                card("EXTNAME", "IMGB", ""));
        ByteBuffer di = ByteBuffer.allocate(4 * 24);
        for (int i = 0; i < 24; i++) {
            di.putInt(i % 5 == 1 ? -999 : rnd.nextInt(100000));
        }
        return write(
                dir.resolve("image.fits"),
                concat(
                        header(primaryCards()),
                        header(u16),
                        pad(d16.array()),
                        header(f32),
                        pad(df.array()),
                        header(i32),
                        pad(di.array())));
    }

    /** (h): {@code merge-a.fits}, EVENTS with ID (K) and X (D). */
    static Path mergeA(Path dir) {
        Random rnd = new Random(1606);
        List<Col> cols = List.of(
                new Col("ID", "K", (r, b, h) -> b.putLong(r)),
                new Col("X", "D", (r, b, h) -> b.putDouble(rnd.nextGaussian())));
        List<String> ext = List.of(card("EXTNAME", "EVENTS", ""));
        return write(dir.resolve("merge-a.fits"), concat(header(primaryCards()), table(cols, 7, ext)));
    }

    /** (h): {@code merge-b.fits}, EVENTS with ID (K) and Y (E): same HDU name, a different column. */
    static Path mergeB(Path dir) {
        Random rnd = new Random(1607);
        List<Col> cols = List.of(
                new Col("ID", "K", (r, b, h) -> b.putLong(100 + r)),
                new Col("Y", "E", (r, b, h) -> b.putFloat((float) rnd.nextGaussian())));
        List<String> ext = List.of(card("EXTNAME", "EVENTS", ""));
        return write(dir.resolve("merge-b.fits"), concat(header(primaryCards()), table(cols, 5, ext)));
    }

    /** (h): a file named .fits that is not FITS. */
    static Path notFits(Path dir) {
        return write(
                dir.resolve("not-fits.fits"),
                "<html><body>503 Service Unavailable</body></html>\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** (h): {@link #straddle} cut in the middle of its data unit. */
    static Path truncated(Path dir) {
        try {
            Path tmp = Files.createTempDirectory("fits-truncated");
            byte[] whole = Files.readAllBytes(straddle(tmp));
            Files.delete(tmp.resolve("straddle.fits"));
            Files.delete(tmp);
            return write(dir.resolve("truncated.fits"), Arrays.copyOf(whole, 3 * BLOCK + 1000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * (g): a sparse file whose table data is {@link #SPARSE_ROWS} x {@link #SPARSE_ROW_BYTES} bytes (more than
     * 2^31): the first and the last {@link #SPARSE_WRITTEN} rows are written, the rows between are zeros
     * (holes), and the heap after the table holds the last rows' arrays. EXTNAME BIG. Columns ID (K), V (D), N
     * (J), S (12A), H (1PJ), PAD (984A).
     */
    static Path sparse(Path dir) {
        Path path = dir.resolve("sparse-big.fits");
        long rows = SPARSE_ROWS;
        int width = SPARSE_ROW_BYTES;
        List<String> cards = new ArrayList<>(List.of(
                "XTENSION= 'BINTABLE'",
                card("BITPIX", 8L, ""),
                card("NAXIS", 2L, ""),
                card("NAXIS1", (long) width, ""),
                card("NAXIS2", rows, ""),
                card("PCOUNT", 0L, "set below"),
                card("GCOUNT", 1L, ""),
                card("TFIELDS", 6L, "")));
        String[][] cols = {{"ID", "K"}, {"V", "D"}, {"N", "J"}, {"S", "12A"}, {"H", "1PJ(3)"}, {"PAD", "984A"}};
        for (int i = 0; i < cols.length; i++) {
            cards.add(card("TTYPE" + (i + 1), cols[i][0], ""));
            cards.add(card("TFORM" + (i + 1), cols[i][1], ""));
        }
        cards.add(card("EXTNAME", "BIG", ""));
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        byte[] head = header(primaryCards());
        long dataStart;
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
            // the heap size goes into PCOUNT, so the rows are built before the extension header is written
            List<long[]> ranges = List.of(new long[] {0, SPARSE_WRITTEN}, new long[] {rows - SPARSE_WRITTEN, rows});
            List<byte[]> blocks = new ArrayList<>();
            for (long[] range : ranges) {
                ByteBuffer buf = ByteBuffer.allocate((int) (range[1] - range[0]) * width);
                for (long r = range[0]; r < range[1]; r++) {
                    int start = buf.position();
                    buf.putLong(r * 3 + 0x1234_5678_9AL);
                    buf.putDouble(r / 7.0);
                    buf.putInt((int) (r ^ 0x5A5A5A5A));
                    putString(buf, "r" + r, 12);
                    if (r >= rows - SPARSE_WRITTEN) {
                        int n = (int) (r % 4);
                        ByteBuffer e = ByteBuffer.allocate(4 * n);
                        for (int i = 0; i < n; i++) {
                            e.putInt((int) (r % 100_000) * 10 + i);
                        }
                        putHeap(buf, heap, n, e.array(), false);
                    } else {
                        buf.putInt(0).putInt(0);
                    }
                    putString(buf, r % 2 == 0 ? "even" : "odd", 984);
                    if (buf.position() - start != width) {
                        throw new IllegalStateException("sparse row is " + (buf.position() - start) + " bytes");
                    }
                }
                blocks.add(buf.array());
            }
            cards.set(5, card("PCOUNT", (long) heap.size(), "heap bytes"));
            byte[] ext = header(cards);
            file.write(head);
            file.write(ext);
            dataStart = head.length + ext.length;
            for (int i = 0; i < ranges.size(); i++) {
                file.seek(dataStart + ranges.get(i)[0] * width);
                file.write(blocks.get(i));
            }
            long tableEnd = dataStart + rows * width;
            file.seek(tableEnd);
            file.write(heap.toByteArray());
            long end = tableEnd + heap.size();
            file.setLength((end + BLOCK - 1) / BLOCK * BLOCK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    /** Every file except the sparse one, into {@code dir}. */
    static void writeAll(Path dir) {
        straddle(dir);
        allTypes(dir);
        allTypesGz(dir);
        scaled(dir);
        primaryOnly(dir);
        image(dir);
        mergeA(dir);
        mergeB(dir);
        notFits(dir);
        truncated(dir);
    }

    // ---------------------------------------------------------------- the writer

    /** How a column writes the bytes of row {@code row} into {@code buf} (and its heap arrays into {@code heap}). */
    @FunctionalInterface
    interface CellWriter {
        void write(int row, ByteBuffer buf, ByteArrayOutputStream heap);
    }

    /** A binary table column: TTYPE, TFORM, further cards (TDIM/TSCAL/TZERO/TNULL...) and its bytes. */
    record Col(String name, String tform, List<String> cards, CellWriter writer) {
        Col(String name, String tform, CellWriter writer) {
            this(name, tform, List.of(), writer);
        }
    }

    static List<String> primaryCards() {
        return List.of(
                card("SIMPLE", true, "conforms to FITS standard"),
                card("BITPIX", 8L, ""),
                card("NAXIS", 0L, ""),
                card("EXTEND", true, ""),
                card("ORIGIN", "mast-spark FitsTestFiles", "written by hand"));
    }

    /** A BINTABLE extension (header and padded data unit, heap included) with the columns and extra cards. */
    static byte[] table(List<Col> cols, int rows, List<String> extraCards) {
        int width = cols.stream().mapToInt(c -> width(c.tform())).sum();
        ByteBuffer data = ByteBuffer.allocate(width * rows);
        ByteArrayOutputStream heap = new ByteArrayOutputStream();
        for (int r = 0; r < rows; r++) {
            for (Col c : cols) {
                int start = data.position();
                c.writer().write(r, data, heap);
                if (data.position() - start != width(c.tform())) {
                    throw new IllegalStateException(c.name() + " wrote " + (data.position() - start) + " bytes");
                }
            }
        }
        List<String> cards = new ArrayList<>(List.of(
                "XTENSION= 'BINTABLE'           / binary table extension",
                card("BITPIX", 8L, ""),
                card("NAXIS", 2L, ""),
                card("NAXIS1", (long) width, "bytes per row"),
                card("NAXIS2", (long) rows, "rows"),
                card("PCOUNT", (long) heap.size(), "heap bytes"),
                card("GCOUNT", 1L, ""),
                card("TFIELDS", (long) cols.size(), "")));
        for (int i = 0; i < cols.size(); i++) {
            Col c = cols.get(i);
            cards.add(card("TTYPE" + (i + 1), c.name(), ""));
            cards.add(card("TFORM" + (i + 1), c.tform(), ""));
            cards.addAll(c.cards());
        }
        cards.addAll(extraCards);
        return concat(header(cards), pad(concat(data.array(), heap.toByteArray())));
    }

    /** Bytes per cell of a TFORM (P: two int32, Q: two int64, X: bits rounded up to bytes). */
    static int width(String tform) {
        int i = 0;
        while (i < tform.length() && Character.isDigit(tform.charAt(i))) {
            i++;
        }
        int repeat = i == 0 ? 1 : Integer.parseInt(tform.substring(0, i));
        char type = tform.charAt(i);
        return switch (type) {
            case 'L', 'B', 'A' -> repeat;
            case 'X' -> (repeat + 7) / 8;
            case 'I' -> 2 * repeat;
            case 'J', 'E' -> 4 * repeat;
            case 'K', 'D', 'C' -> 8 * repeat;
            case 'M' -> 16 * repeat;
            case 'P' -> 8 * repeat;
            case 'Q' -> 16 * repeat;
            default -> throw new IllegalArgumentException(tform);
        };
    }

    /** Writes a heap descriptor into the row and the element bytes at the end of the heap. */
    static void putHeap(ByteBuffer row, ByteArrayOutputStream heap, int count, byte[] elements, boolean q) {
        int offset = heap.size();
        heap.writeBytes(elements);
        if (q) {
            row.putLong(count).putLong(offset);
        } else {
            row.putInt(count).putInt(offset);
        }
    }

    /** ASCII, padded with blanks to {@code width} (trailing blanks are part of the stored value). */
    static void putString(ByteBuffer buf, String s, int width) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > width) {
            throw new IllegalArgumentException(s + " is longer than " + width);
        }
        buf.put(b);
        for (int i = b.length; i < width; i++) {
            buf.put((byte) ' ');
        }
    }

    /** A header: the cards, END, blanks up to a whole number of 2880-byte blocks. */
    static byte[] header(List<String> cards) {
        StringBuilder sb = new StringBuilder();
        for (String c : cards) {
            if (c.length() > 80) {
                throw new IllegalArgumentException("card longer than 80: " + c);
            }
            sb.append(c).append(" ".repeat(80 - c.length()));
        }
        sb.append("END").append(" ".repeat(77));
        while (sb.length() % BLOCK != 0) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static String card(String key, Object value, String comment) {
        String v;
        if (value instanceof Boolean b) {
            v = String.format("%20s", b ? "T" : "F");
        } else if (value instanceof Long l) {
            v = String.format("%20d", l);
        } else if (value instanceof Double d) {
            v = String.format("%20s", Double.toString(d).replace('e', 'E'));
        } else {
            String s = ((String) value).replace("'", "''");
            v = String.format("'%-8s'", s);
        }
        return cardRaw(key, v.strip().startsWith("'") ? v : v, comment);
    }

    /** A card with its value field given verbatim (right-justified to column 30 when shorter). */
    static String cardRaw(String key, String value, String comment) {
        String v = value.startsWith("'") ? value : String.format("%20s", value);
        String c = String.format("%-8s= %s", key, v);
        return comment.isEmpty() ? c : c + " / " + comment;
    }

    /** {@code KEY     =                      / comment}: a keyword whose value is undefined. */
    static String emptyCard(String key, String comment) {
        return String.format("%-8s= %20s / %s", key, "", comment);
    }

    static byte[] pad(byte[] data) {
        return Arrays.copyOf(data, (data.length + BLOCK - 1) / BLOCK * BLOCK);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static Path write(Path path, byte[] bytes) {
        try {
            Files.createDirectories(path.getParent());
            return Files.write(path, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 2^63 as the unsigned-64 TZERO, for tests computing expected values. */
    static final BigInteger TWO_63 = BigInteger.ONE.shiftLeft(63);
}
