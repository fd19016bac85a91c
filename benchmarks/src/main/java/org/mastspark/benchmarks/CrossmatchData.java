package org.mastspark.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The cross-match benchmark's two synthetic catalogs: columns {@code id} (int64), {@code ra}, {@code dec} (double,
 * degrees). Each side is uniform on the sphere plus a few dense clusters (Gaussian discs of 15 arcsec to 5 arcmin
 * holding {@link #CLUSTER_FRACTION} of the rows; one straddles the RA wrap, one covers the north pole); a third of
 * the left rows (those whose id is a multiple of 3) have a right counterpart within 0.9 arcsec (right ids 0, 1, ...
 * in that order), the other right rows are independent draws of the same distribution.
 *
 * <p>Deterministic: the seed and the sizes give the same doubles. The SHA-256 of the columns' little-endian bytes
 * (left id, ra, dec, then right id, ra, dec) identifies the data; the Python side recomputes it from the
 * {@code .npy} files.
 */
final class CrossmatchData {
    /** Share of each side's independent rows drawn in the clusters. */
    static final double CLUSTER_FRACTION = 0.10;
    /** Cluster centres (ra, dec, Gaussian sigma in arcsec), each holding an equal share of the clustered rows. */
    private static final double[][] CLUSTERS = {
        {266.4, -29.0, 15.0}, {0.0, 10.0, 45.0}, {120.0, 89.995, 60.0}, {200.0, -60.0, 120.0}, {45.0, 30.0, 300.0}
    };
    /** Counterparts lie within this many arcsec of their left row. */
    static final double COUNTERPART_ARCSEC = 0.9;

    final long[] leftId;
    final double[] leftRa;
    final double[] leftDec;
    final long[] rightId;
    final double[] rightRa;
    final double[] rightDec;

    private CrossmatchData(
            long[] leftId, double[] leftRa, double[] leftDec, long[] rightId, double[] rightRa, double[] rightDec) {
        this.leftId = leftId;
        this.leftRa = leftRa;
        this.leftDec = leftDec;
        this.rightId = rightId;
        this.rightRa = rightRa;
        this.rightDec = rightDec;
    }

    /** Generates both catalogs. */
    static CrossmatchData generate(int nLeft, int nRight, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] lid = new long[nLeft];
        double[] lra = new double[nLeft];
        double[] ldec = new double[nLeft];
        double[] p = new double[2];
        for (int i = 0; i < nLeft; i++) {
            lid[i] = i;
            draw(rnd, p);
            lra[i] = p[0];
            ldec[i] = p[1];
        }
        long[] rid = new long[nRight];
        double[] rra = new double[nRight];
        double[] rdec = new double[nRight];
        int counterparts = Math.min(nRight, (nLeft + 2) / 3);
        for (int j = 0; j < nRight; j++) {
            rid[j] = j;
            if (j < counterparts) {
                int i = 3 * j;
                double d = Math.toRadians(COUNTERPART_ARCSEC / 3600.0) * Math.sqrt(rnd.nextDouble());
                offset(lra[i], ldec[i], d, 2 * Math.PI * rnd.nextDouble(), p);
            } else {
                draw(rnd, p);
            }
            rra[j] = p[0];
            rdec[j] = p[1];
        }
        return new CrossmatchData(lid, lra, ldec, rid, rra, rdec);
    }

    /** One position of the distribution: uniform on the sphere, or in a cluster. */
    private static void draw(SplittableRandom rnd, double[] out) {
        if (rnd.nextDouble() < CLUSTER_FRACTION) {
            double[] c = CLUSTERS[rnd.nextInt(CLUSTERS.length)];
            // Gaussian radius on the tangent plane (Rayleigh), uniform position angle
            double r = Math.toRadians(c[2] / 3600.0) * Math.sqrt(-2 * Math.log(1 - rnd.nextDouble()));
            offset(c[0], c[1], r, 2 * Math.PI * rnd.nextDouble(), out);
        } else {
            out[0] = 360.0 * rnd.nextDouble();
            out[1] = Math.toDegrees(Math.asin(2 * rnd.nextDouble() - 1));
        }
    }

    /** The point at angular distance {@code d} (radians) and position angle {@code pa} from (ra, dec), exact on the sphere. */
    static void offset(double raDeg, double decDeg, double d, double pa, double[] out) {
        double dec0 = Math.toRadians(decDeg);
        double sinDec = Math.sin(dec0) * Math.cos(d) + Math.cos(dec0) * Math.sin(d) * Math.cos(pa);
        sinDec = Math.max(-1, Math.min(1, sinDec));
        double dec = Math.asin(sinDec);
        double dra = Math.atan2(Math.sin(pa) * Math.sin(d) * Math.cos(dec0), Math.cos(d) - Math.sin(dec0) * sinDec);
        double ra = (raDeg + Math.toDegrees(dra)) % 360.0;
        if (ra < 0) {
            ra += 360.0;
        }
        if (ra >= 360.0) {
            ra = 0.0;
        }
        out[0] = ra;
        out[1] = Math.toDegrees(dec);
    }

    /** SHA-256 of the columns' little-endian bytes: left id, ra, dec, right id, ra, dec. */
    String sha256() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Object column : new Object[] {leftId, leftRa, leftDec, rightId, rightRa, rightDec}) {
            md.update(bytes(column));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static ByteBuffer bytes(Object column) {
        if (column instanceof long[] l) {
            ByteBuffer b = ByteBuffer.allocate(l.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(l);
            return b;
        }
        double[] d = (double[]) column;
        ByteBuffer b = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(d);
        return b;
    }

    /** Writes a 1-D {@code .npy} file (format 1.0) of int64 or float64 values, little-endian. */
    static void writeNpy(Path file, Object column) throws IOException {
        boolean isLong = column instanceof long[];
        int n = isLong ? ((long[]) column).length : ((double[]) column).length;
        String dict = "{'descr': '" + (isLong ? "<i8" : "<f8") + "', 'fortran_order': False, 'shape': (" + n + ",), }";
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        head.put((byte) 1).put((byte) 0).putShort((short) header.length());
        head.put(header.getBytes(StandardCharsets.US_ASCII)).flip();
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(head);
            ByteBuffer body = bytes(column);
            while (body.hasRemaining()) {
                ch.write(body);
            }
        }
    }

    /** Reads a 1-D int64 {@code .npy} file as written by numpy ({@code <i8}, C order). */
    static long[] readNpyLongs(Path file) throws IOException {
        ByteBuffer b = npyBody(file, "<i8");
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

    /** Reads a 1-D float64 {@code .npy} file ({@code <f8}, C order). */
    static double[] readNpyDoubles(Path file) throws IOException {
        ByteBuffer b = npyBody(file, "<f8");
        double[] out = new double[b.remaining() / 8];
        b.asDoubleBuffer().get(out);
        return out;
    }

    private static ByteBuffer npyBody(Path file, String descr) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 10 || b.get(0) != (byte) 0x93) {
            throw new IOException(file + " is not a .npy file");
        }
        int major = b.get(6);
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = (major == 1 ? 10 : 12) + headerLen;
        String header = new String(b.array(), major == 1 ? 10 : 12, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'" + descr + "'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + " holds " + header.trim() + ", expected a 1-D '" + descr + "' array");
        }
        b.position(start);
        return b.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The catalogs as {@link #writeNpy(Path)} wrote them under {@code dir}. */
    static CrossmatchData readNpy(Path dir) throws IOException {
        Path npy = dir.resolve("npy");
        return new CrossmatchData(
                readNpyLongs(npy.resolve("left_id.npy")),
                readNpyDoubles(npy.resolve("left_ra.npy")),
                readNpyDoubles(npy.resolve("left_dec.npy")),
                readNpyLongs(npy.resolve("right_id.npy")),
                readNpyDoubles(npy.resolve("right_ra.npy")),
                readNpyDoubles(npy.resolve("right_dec.npy")));
    }

    /** The schema of the flat Parquet files. */
    static MessageType schema(boolean withHealpix) {
        Types.GroupBuilder<MessageType> b = Types.buildMessage()
                .required(PrimitiveTypeName.INT64)
                .named("id")
                .required(PrimitiveTypeName.DOUBLE)
                .named("ra")
                .required(PrimitiveTypeName.DOUBLE)
                .named("dec");
        if (withHealpix) {
            b = b.required(PrimitiveTypeName.INT64)
                    .as(LogicalTypeAnnotation.intType(64, true))
                    .named("_healpix_29");
        }
        return b.named("schema");
    }

    /** Configuration for parquet-java on the local disk: no .crc side files. */
    static Configuration localConf() {
        Configuration conf = new Configuration(false);
        conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    /**
     * Writes rows {@code order[from..to)} of the columns (by index into them) to one Parquet file; with
     * {@code healpix} non-null, also the column {@code _healpix_29}.
     */
    static ParquetMetadata writeParquet(
            Path file,
            long[] id,
            double[] ra,
            double[] dec,
            long[] healpix,
            int[] order,
            int from,
            int to,
            int rowGroupRows)
            throws IOException {
        Files.createDirectories(file.getParent());
        MessageType schema = schema(healpix != null);
        ParquetWriter<Integer> w = new IndexWriterBuilder(new LocalOutputFile(file), schema, id, ra, dec, healpix)
                .withConf(localConf())
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupRowCountLimit(rowGroupRows)
                .withRowGroupSize(Long.MAX_VALUE)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build();
        try (w) {
            for (int k = from; k < to; k++) {
                w.write(order == null ? k : order[k]);
            }
        }
        return w.getFooter();
    }

    /** Writes each side as Parquet files of {@code rowsPerFile} rows under {@code dir/left}, {@code dir/right}. */
    void writeParquet(Path dir, int rowsPerFile) throws IOException {
        writeSide(dir.resolve("left"), leftId, leftRa, leftDec, rowsPerFile);
        writeSide(dir.resolve("right"), rightId, rightRa, rightDec, rowsPerFile);
    }

    private static void writeSide(Path dir, long[] id, double[] ra, double[] dec, int rowsPerFile) throws IOException {
        Files.createDirectories(dir);
        List<Thread> threads = new ArrayList<>();
        List<IOException> failures = new ArrayList<>();
        int files = (id.length + rowsPerFile - 1) / rowsPerFile;
        for (int f = 0; f < files; f++) {
            int from = f * rowsPerFile;
            int to = Math.min(id.length, from + rowsPerFile);
            Path file = dir.resolve(String.format(Locale.ROOT, "part-%05d.parquet", f));
            Thread t = new Thread(() -> {
                try {
                    writeParquet(file, id, ra, dec, null, null, from, to, 1_000_000);
                } catch (IOException e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            t.start();
            threads.add(t);
            if (threads.size() == 2) {
                join(threads);
            }
        }
        join(threads);
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing Parquet", e);
            }
        }
        threads.clear();
    }

    /** Writes the six columns as {@code left_id.npy}, {@code left_ra.npy}, ... under {@code dir/npy}. */
    void writeNpy(Path dir) throws IOException {
        Path npy = Files.createDirectories(dir.resolve("npy"));
        writeNpy(npy.resolve("left_id.npy"), leftId);
        writeNpy(npy.resolve("left_ra.npy"), leftRa);
        writeNpy(npy.resolve("left_dec.npy"), leftDec);
        writeNpy(npy.resolve("right_id.npy"), rightId);
        writeNpy(npy.resolve("right_ra.npy"), rightRa);
        writeNpy(npy.resolve("right_dec.npy"), rightDec);
    }

    static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes rows given by their index into column arrays. */
    private static final class IndexWriteSupport extends WriteSupport<Integer> {
        private final MessageType schema;
        private final long[] id;
        private final double[] ra;
        private final double[] dec;
        private final long[] healpix;
        private RecordConsumer out;

        IndexWriteSupport(MessageType schema, long[] id, double[] ra, double[] dec, long[] healpix) {
            this.schema = schema;
            this.id = id;
            this.ra = ra;
            this.dec = dec;
            this.healpix = healpix;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            return new WriteContext(schema, new HashMap<>());
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            out = recordConsumer;
        }

        @Override
        public void write(Integer boxed) {
            int i = boxed;
            out.startMessage();
            out.startField("id", 0);
            out.addLong(id[i]);
            out.endField("id", 0);
            out.startField("ra", 1);
            out.addDouble(ra[i]);
            out.endField("ra", 1);
            out.startField("dec", 2);
            out.addDouble(dec[i]);
            out.endField("dec", 2);
            if (healpix != null) {
                out.startField("_healpix_29", 3);
                out.addLong(healpix[i]);
                out.endField("_healpix_29", 3);
            }
            out.endMessage();
        }
    }

    private static final class IndexWriterBuilder extends ParquetWriter.Builder<Integer, IndexWriterBuilder> {
        private final MessageType schema;
        private final long[] id;
        private final double[] ra;
        private final double[] dec;
        private final long[] healpix;

        IndexWriterBuilder(
                LocalOutputFile file, MessageType schema, long[] id, double[] ra, double[] dec, long[] healpix) {
            super(file);
            this.schema = schema;
            this.id = id;
            this.ra = ra;
            this.dec = dec;
            this.healpix = healpix;
        }

        @Override
        protected IndexWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Integer> getWriteSupport(Configuration conf) {
            return new IndexWriteSupport(schema, id, ra, dec, healpix);
        }
    }
}
