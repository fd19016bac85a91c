package org.mastspark.connector.client.cutout;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a zip as it arrives, member by member, checking each member's CRC-32 and sizes. Unlike the JDK's
 * {@code ZipInputStream}, it reads <em>stored</em> members that announce a data descriptor (flag bit 3) when
 * the local header carries their size: Zcut answers are written that way (recorded
 * {@code astrocut_189.49206_62.20615_100x100px_f.zip}), and the JDK refuses them ("only DEFLATED entries can
 * have EXT descriptor"). Member names are never returned, so callers cannot use them (a name ending in
 * {@code /} with no data, a directory entry, is skipped). Deflated and
 * stored members, ZIP64 sizes; no encryption.
 */
final class ZipStream {
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final long UNKNOWN32 = 0xFFFFFFFFL;

    private final PushbackInputStream in;
    private final Inflater inflater = new Inflater(true);
    private final byte[] buf = new byte[64 * 1024];
    private Member current;

    ZipStream(InputStream in) {
        this.in = new PushbackInputStream(in, buf.length);
    }

    /**
     * The next member's data, or null at the end of the members (the central directory). The previous
     * member must have been read to its end.
     */
    InputStream next() throws IOException {
        for (; ; ) {
            if (current != null && !current.done) {
                throw new IllegalStateException("the previous member was not read to its end");
            }
            boolean[] directory = new boolean[1];
            InputStream m = header(directory);
            if (m == null || !directory[0]) {
                return m;
            }
            // a directory entry: no data, nothing to deliver
            m.transferTo(OutputStream.nullOutputStream());
        }
    }

    private InputStream header(boolean[] directory) throws IOException {
        int sig = (int) readInt(4);
        if (sig == CENTRAL || sig == END) {
            inflater.end();
            return null;
        }
        if (sig != LOCAL) {
            throw new ZipException(String.format("not a zip member header (signature 0x%08x)", sig));
        }
        readInt(2); // version needed
        int flags = (int) readInt(2);
        int method = (int) readInt(2);
        readInt(4); // time, date
        long crc = readInt(4);
        long csize = readInt(4);
        long usize = readInt(4);
        int nameLength = (int) readInt(2);
        int extraLength = (int) readInt(2);
        byte[] name = readBytes(nameLength);
        directory[0] = nameLength > 0 && name[nameLength - 1] == '/' && usize == 0;
        byte[] extra = readBytes(extraLength);
        boolean zip64 = false;
        for (int i = 0; i + 4 <= extra.length; ) {
            int id = le(extra, i, 2);
            int size = le(extra, i + 2, 2);
            if (id == 1) {
                zip64 = true;
                int p = i + 4;
                if (usize == UNKNOWN32 && p + 8 <= extra.length) {
                    usize = leLong(extra, p);
                    p += 8;
                }
                if (csize == UNKNOWN32 && p + 8 <= extra.length) {
                    csize = leLong(extra, p);
                }
            }
            i += 4 + size;
        }
        if ((flags & 1) != 0) {
            throw new ZipException("an encrypted zip member");
        }
        if (method != 0 && method != 8) {
            throw new ZipException("a zip member compressed with method " + method + " (only stored and deflated)");
        }
        boolean descriptor = (flags & 8) != 0;
        if (method == 0 && descriptor && csize == 0 && usize == 0) {
            // a stored member whose size is only in the descriptor cannot be delimited while streaming
            throw new ZipException("a stored zip member without its size in the local header");
        }
        inflater.reset();
        current = new Member(method, descriptor, zip64, crc, method == 0 ? csize : -1, usize);
        return current;
    }

    /** One member's data, checked at its end. */
    private final class Member extends InputStream {
        final int method;
        final boolean descriptor;
        final boolean zip64;
        final long crcHeader;
        final long storedSize;
        final long usizeHeader;
        final CRC32 crc = new CRC32();
        long produced;
        long consumed;
        boolean done;

        Member(int method, boolean descriptor, boolean zip64, long crc, long storedSize, long usize) {
            this.method = method;
            this.descriptor = descriptor;
            this.zip64 = zip64;
            this.crcHeader = crc;
            this.storedSize = storedSize;
            this.usizeHeader = usize;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = method == 0 ? readStored(b, off, len) : readDeflated(b, off, len);
            if (n < 0) {
                finish();
                return -1;
            }
            crc.update(b, off, n);
            produced += n;
            return n;
        }

        private int readStored(byte[] b, int off, int len) throws IOException {
            long left = storedSize - consumed;
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("the zip ended inside a member, " + left + " bytes short");
            }
            consumed += n;
            return n;
        }

        private int readDeflated(byte[] b, int off, int len) throws IOException {
            for (; ; ) {
                try {
                    int n = inflater.inflate(b, off, len);
                    if (n > 0) {
                        return n;
                    }
                } catch (DataFormatException e) {
                    throw new ZipException("a zip member's data is corrupt: " + e.getMessage());
                }
                if (inflater.finished()) {
                    int rest = inflater.getRemaining();
                    if (rest > 0) {
                        in.unread(buf, fed - rest, rest);
                    }
                    consumed = inflater.getBytesRead();
                    return -1;
                }
                if (inflater.needsDictionary()) {
                    throw new ZipException("a zip member needs a preset dictionary");
                }
                if (inflater.needsInput()) {
                    fed = in.read(buf, 0, buf.length);
                    if (fed < 0) {
                        throw new EOFException("the zip ended inside a member");
                    }
                    inflater.setInput(buf, 0, fed);
                }
            }
        }

        private void finish() throws IOException {
            done = true;
            long expectedCrc = crcHeader;
            long expectedSize = usizeHeader;
            long expectedCompressed = method == 0 ? storedSize : -1;
            if (descriptor) {
                long first = readInt(4);
                expectedCrc = first == (DESCRIPTOR & UNKNOWN32) ? readInt(4) : first;
                expectedCompressed = zip64 ? readLong() : readInt(4);
                expectedSize = zip64 ? readLong() : readInt(4);
            }
            if (crc.getValue() != expectedCrc) {
                throw new ZipException(String.format(
                        "a zip member's CRC-32 is 0x%08x, expected 0x%08x: its bytes were damaged",
                        crc.getValue(), expectedCrc));
            }
            if (produced != expectedSize || (expectedCompressed >= 0 && consumed != expectedCompressed)) {
                throw new ZipException("a zip member has " + produced + " bytes (" + consumed
                        + " compressed), its header says " + expectedSize + " (" + expectedCompressed + ")");
            }
        }
    }

    private int fed;

    private long readInt(int bytes) throws IOException {
        byte[] b = readBytes(bytes);
        return bytes == 2 ? le(b, 0, 2) : le(b, 0, 4) & UNKNOWN32;
    }

    private long readLong() throws IOException {
        return leLong(readBytes(8), 0);
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int k = in.read(b, off, n - off);
            if (k < 0) {
                throw new EOFException("the zip ended inside a header");
            }
            off += k;
        }
        return b;
    }

    private static int le(byte[] b, int off, int bytes) {
        int v = 0;
        for (int i = bytes - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    private static long leLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xffL);
        }
        return v;
    }
}
