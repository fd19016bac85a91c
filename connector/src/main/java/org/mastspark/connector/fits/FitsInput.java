package org.mastspark.connector.fits;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The bytes of one FITS file: positioned reads with 64-bit offsets on any Hadoop FileSystem, or, for a gzip
 * file (recognised by its magic bytes 1f 8b, whatever its name), the whole file decompressed into memory
 * (gzip cannot be read from the middle). Counts the bytes read from storage. Not thread-safe; one per reader.
 */
abstract class FitsInput implements Closeable {
    /** Gzip data above this cannot be held in one array: such files are refused with the limit named. */
    static final long MAX_GZIP_BYTES = Integer.MAX_VALUE - 64;

    /** The file's size in bytes (decompressed for gzip). */
    abstract long length();

    /** Reads exactly {@code len} bytes at {@code pos}; EOFException if the file ends before. */
    abstract void readFully(long pos, byte[] dst, int off, int len) throws IOException;

    /** Bytes read from storage so far (compressed bytes for gzip). */
    abstract long bytesRead();

    /** Whether the file was gzip (read whole, never split). */
    abstract boolean gzip();

    /**
     * Opens {@code file}; a gzip file is read and decompressed now.
     *
     * @param listedLength the size the listing gave (saves a metadata request per file), or -1 to ask
     */
    static FitsInput open(Configuration conf, String file, long listedLength) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        if ("file".equals(fs.getScheme())) {
            FitsInput local = Local.open(path, file);
            if (local != null) {
                return local;
            }
        }
        long length = listedLength >= 0 ? listedLength : fs.getFileStatus(path).getLen();
        FSDataInputStream in = fs.open(path);
        try {
            if (length >= 2) {
                byte[] magic = new byte[2];
                in.readFully(0, magic, 0, 2);
                if ((magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                    in.seek(0);
                    Counting counted = new Counting(in);
                    byte[] data;
                    try (InputStream gz = new GZIPInputStream(counted, 1 << 16)) {
                        data = readAll(gz, file);
                    }
                    return new Memory(data, counted.count);
                }
            }
            return new Hadoop(in, length);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static byte[] readAll(InputStream in, String file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_GZIP_BYTES) {
                throw new IOException(file + " decompresses to more than " + MAX_GZIP_BYTES + " bytes, the most a"
                        + " gzip FITS file may hold here (it is read whole, in memory); decompress it first");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Positioned reads of a Hadoop stream. */
    private static final class Hadoop extends FitsInput {
        private final FSDataInputStream in;
        private final long length;
        private long read;

        Hadoop(FSDataInputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        @Override
        long length() {
            return length;
        }

        @Override
        void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > length) {
                throw new EOFException("reading " + len + " bytes at offset " + pos + " of a file of " + length);
            }
            in.readFully(pos, dst, off, len);
            read += len;
        }

        @Override
        long bytesRead() {
            return read;
        }

        @Override
        boolean gzip() {
            return false;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * A local file read through a {@link FileChannel}: Hadoop's local FileSystem would look for a {@code .crc}
     * side file and checksum every read through its own buffers, a large part of the cost of opening one of
     * thousands of small light curves. FITS files carry their own checksums (CHECKSUM/DATASUM cards).
     */
    private static final class Local extends FitsInput {
        private final FileChannel ch;
        private final long length;
        private long read;

        private Local(FileChannel ch, long length) {
            this.ch = ch;
            this.length = length;
        }

        /** The file, or null when it is gzip (read through the general path) or not a plain local path. */
        static FitsInput open(Path path, String file) throws IOException {
            java.nio.file.Path p;
            try {
                p = java.nio.file.Path.of(path.toUri());
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                return null;
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(p, StandardOpenOption.READ);
            } catch (java.nio.file.NoSuchFileException e) {
                throw new java.io.FileNotFoundException(file + " (no such file)");
            }
            try {
                long length = ch.size();
                Local local = new Local(ch, length);
                if (length >= 2) {
                    byte[] magic = new byte[2];
                    local.readFully(0, magic, 0, 2);
                    if ((magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
                        ch.close();
                        return null;
                    }
                }
                local.read = 0;
                return local;
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }

        @Override
        long length() {
            return length;
        }

        @Override
        void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > length) {
                throw new EOFException("reading " + len + " bytes at offset " + pos + " of a file of " + length);
            }
            ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
            long at = pos;
            while (bb.hasRemaining()) {
                int n = ch.read(bb, at);
                if (n < 0) {
                    throw new EOFException("reading " + len + " bytes at offset " + pos + ": the file ends early");
                }
                at += n;
            }
            read += len;
        }

        @Override
        long bytesRead() {
            return read;
        }

        @Override
        boolean gzip() {
            return false;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    /** A decompressed gzip file. */
    private static final class Memory extends FitsInput {
        private final byte[] data;
        private final long compressed;

        Memory(byte[] data, long compressed) {
            this.data = data;
            this.compressed = compressed;
        }

        @Override
        long length() {
            return data.length;
        }

        @Override
        void readFully(long pos, byte[] dst, int off, int len) throws IOException {
            if (pos < 0 || pos + len > data.length) {
                throw new EOFException("reading " + len + " bytes at offset " + pos + " of a file of " + data.length);
            }
            System.arraycopy(data, (int) pos, dst, off, len);
        }

        @Override
        long bytesRead() {
            return compressed;
        }

        @Override
        boolean gzip() {
            return true;
        }

        @Override
        public void close() {}
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
