package org.mastspark.connector.fits;

import java.io.IOException;
import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The per-column decoders a {@link FitsRowDecoder} runs: each knows its byte offset in the row and writes one
 * Spark value. Built once per decoder, so the row loop does no parsing, lookups or allocation beyond the values.
 * Plain classes rather than lambdas, so that Kryo as well as Java serialization can ship them.
 */
final class FitsCells {
    private FitsCells() {}

    /** Decodes one column of the row starting at {@code buf[row]} into {@code out[ord]}. */
    abstract static class Cell implements Serializable {
        private static final long serialVersionUID = 1L;

        abstract void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) throws IOException;

        /**
         * Decodes this column of {@code n} rows, the first starting at {@code buf[first]} and each
         * {@code rowBytes} after the previous, into rows {@code [at, at + n)} of {@code out}. This general form
         * goes through {@code scratch}, a one-field row of the column's type; plain numeric cells override it
         * with a loop over the rows.
         */
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch)
                throws IOException {
            for (int i = 0; i < n; i++) {
                scratch.setNullAt(0);
                decode(buf, first + i * rowBytes, heap, scratch, 0);
                out.set(at + i, scratch, 0);
            }
        }
    }

    /** Elements {@code [first, first + count)} of a cell whose bytes start at {@code b[base]}, as one array. */
    abstract static class Leaf implements Serializable {
        private static final long serialVersionUID = 1L;

        abstract ArrayData leaf(byte[] b, int base, int first, int count);
    }

    /** Numeric, logical or complex elements. */
    static final class Elements extends Leaf {
        private static final long serialVersionUID = 1L;
        private final FitsElement element;

        Elements(FitsElement element) {
            this.element = element;
        }

        @Override
        ArrayData leaf(byte[] b, int base, int first, int count) {
            return element.array(b, base + first * element.size(), count);
        }
    }

    /** X columns: bit i of the cell is bit {@code 7 - i % 8} of byte {@code i / 8} (most significant first). */
    static final class Bits extends Leaf {
        private static final long serialVersionUID = 1L;

        @Override
        ArrayData leaf(byte[] b, int base, int first, int count) {
            boolean[] a = new boolean[count];
            for (int i = 0; i < count; i++) {
                int bit = first + i;
                a[i] = (b[base + (bit >>> 3)] & (0x80 >>> (bit & 7))) != 0;
            }
            return UnsafeArrayData.fromPrimitiveArray(a);
        }
    }

    /** A columns with TDIM: strings of {@code width} characters each. */
    static final class Strings extends Leaf {
        private static final long serialVersionUID = 1L;
        private final int width;

        Strings(int width) {
            this.width = width;
        }

        @Override
        ArrayData leaf(byte[] b, int base, int first, int count) {
            Object[] a = new Object[count];
            for (int i = 0; i < count; i++) {
                a[i] = string(b, base + (first + i) * width, width);
            }
            return new GenericArrayData(a);
        }
    }

    /**
     * FITS characters: the value ends at the first NUL (FITS Standard 4.0 §7.3.3.1), and trailing blanks are not
     * significant (astropy strips them too).
     */
    static UTF8String string(byte[] b, int p, int width) {
        int end = p;
        int limit = p + width;
        while (end < limit && b[end] != 0) {
            end++;
        }
        while (end > p && b[end - 1] == ' ') {
            end--;
        }
        return UTF8String.fromBytes(b, p, end - p);
    }

    /**
     * Nested arrays: {@code dims} outermost first (the reverse of TDIM), the last dimension is the leaf arrays'
     * length.
     */
    static ArrayData nest(Leaf leaf, byte[] b, int base, int[] dims, int level, int first) {
        if (level == dims.length - 1) {
            return leaf.leaf(b, base, first, dims[level]);
        }
        int stride = 1;
        for (int i = level + 1; i < dims.length; i++) {
            stride *= dims[i];
        }
        Object[] items = new Object[dims[level]];
        for (int i = 0; i < items.length; i++) {
            items[i] = nest(leaf, b, base, dims, level + 1, first + i * stride);
        }
        return new GenericArrayData(items);
    }

    /** One element written as a primitive where the row allows. */
    static final class Scalar extends Cell {
        private static final long serialVersionUID = 1L;
        private final FitsElement element;
        private final int offset;

        Scalar(FitsElement element, int offset) {
            this.element = element;
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            element.set(buf, row + offset, out, ord);
        }
    }

    /** A plain D scalar. */
    static final class DoubleCell extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;

        DoubleCell(int offset) {
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.setDouble(ord, (double) FitsElement.F64.get(buf, row + offset));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            double[] v = out.doubles();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = (double) FitsElement.F64.get(buf, p);
            }
        }
    }

    /** A plain E scalar. */
    static final class FloatCell extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;

        FloatCell(int offset) {
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.setFloat(ord, (float) FitsElement.F32.get(buf, row + offset));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            float[] v = out.floats();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = (float) FitsElement.F32.get(buf, p);
            }
        }
    }

    /** A plain J scalar. */
    static final class IntCell extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;

        IntCell(int offset) {
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.setInt(ord, (int) FitsElement.I32.get(buf, row + offset));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            int[] v = out.ints();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = (int) FitsElement.I32.get(buf, p);
            }
        }
    }

    /** A plain I scalar. */
    static final class ShortCell extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;

        ShortCell(int offset) {
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.setShort(ord, (short) FitsElement.I16.get(buf, row + offset));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            short[] v = out.shorts();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = (short) FitsElement.I16.get(buf, p);
            }
        }
    }

    /** A plain K scalar. */
    static final class LongCell extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;

        LongCell(int offset) {
            this.offset = offset;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.setLong(ord, (long) FitsElement.I64.get(buf, row + offset));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            long[] v = out.longs();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = (long) FitsElement.I64.get(buf, p);
            }
        }
    }

    /** An A column without TDIM: one string. */
    static final class Text extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;
        private final int width;

        Text(int offset, int width) {
            this.offset = offset;
            this.width = width;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.update(ord, string(buf, row + offset, width));
        }

        @Override
        void decodeColumn(
                byte[] buf,
                int first,
                int rowBytes,
                int n,
                HeapReader heap,
                FitsVector out,
                int at,
                InternalRow scratch) {
            Object[] v = out.objects();
            for (int i = 0, p = first + offset; i < n; i++, p += rowBytes) {
                v[at + i] = string(buf, p, width);
            }
        }
    }

    /** A fixed-size array cell, nested when {@code dims} has more than one dimension. */
    static final class Array extends Cell {
        private static final long serialVersionUID = 1L;
        private final Leaf leaf;
        private final int offset;
        private final int[] dims;

        Array(Leaf leaf, int offset, int[] dims) {
            this.leaf = leaf;
            this.offset = offset;
            this.dims = dims.clone();
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) {
            out.update(
                    ord,
                    dims.length == 1
                            ? leaf.leaf(buf, row + offset, 0, dims[0])
                            : nest(leaf, buf, row + offset, dims, 0, 0));
        }
    }

    /**
     * A P (two int32) or Q (two int64) descriptor: element count and byte offset in the heap. The elements are
     * read into a scratch buffer reused across rows, so a decoder must not be shared between threads.
     */
    static final class Heap extends Cell {
        private static final long serialVersionUID = 1L;
        private final int offset;
        private final boolean wide;
        private final char element;
        private final int elementSize;
        private final Leaf leaf;
        private final String column;
        private transient byte[] scratch;

        Heap(int offset, boolean wide, char element, Leaf leaf, String column) {
            this.offset = offset;
            this.wide = wide;
            this.element = element;
            this.elementSize = Tform.elementSize(element);
            this.leaf = leaf;
            this.column = column;
        }

        @Override
        void decode(byte[] buf, int row, HeapReader heap, InternalRow out, int ord) throws IOException {
            int p = row + offset;
            long count;
            long at;
            if (wide) {
                count = (long) FitsElement.I64.get(buf, p);
                at = (long) FitsElement.I64.get(buf, p + 8);
            } else {
                // FITS Standard 4.0 §7.3.5 does not allow negative descriptors: read 32-bit ones unsigned
                // rather than wrapping past 2 GiB.
                count = Integer.toUnsignedLong((int) FitsElement.I32.get(buf, p));
                at = Integer.toUnsignedLong((int) FitsElement.I32.get(buf, p + 4));
            }
            if (count < 0 || at < 0 || count > Integer.MAX_VALUE / Math.max(1, elementSize) - 16) {
                throw new IOException(column + ": heap descriptor (count " + count + ", offset " + at
                        + ") is invalid: expected a non-negative element count and offset, and an array below 2 GiB");
            }
            int n = element == 'X' ? (int) ((count + 7) / 8) : (int) count * elementSize;
            byte[] s = scratch;
            if (s == null || s.length < n) {
                s = new byte
                        [(int) Math.min(
                                Integer.MAX_VALUE - 16, Math.max(n, Math.max(256, 2L * (s == null ? 0 : s.length))))];
                scratch = s;
            }
            if (n > 0) {
                heap.readFully(at, s, 0, n);
            }
            out.update(ord, element == 'A' ? string(s, 0, n) : leaf.leaf(s, 0, 0, (int) count));
        }
    }
}
