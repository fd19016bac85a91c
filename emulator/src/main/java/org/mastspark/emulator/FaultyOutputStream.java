package org.mastspark.emulator;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A response body with injected trouble: a bandwidth cap, a connection drop after {@code resetAfter}
 * bytes (the handler's exception makes the server close the connection mid-body), or a silent
 * truncation after {@code truncateAfter} bytes (the exchange then ends normally). Counts bytes written.
 */
final class FaultyOutputStream extends FilterOutputStream {
    /** Thrown to abandon a response mid-body; the server then drops the connection. */
    static final class ConnectionDropped extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionDropped(String why) {
            super(why);
        }
    }

    private final long bytesPerSecond;
    private long resetAfter;
    private final long truncateAfter;
    private final Faults faults;
    private final long started = System.nanoTime();
    /** The whole body, kept until its end when the reset point is drawn over its length then. */
    private final java.io.ByteArrayOutputStream whole;

    private long written;
    private boolean dropped;

    /**
     * @param resetAfter bytes to send before dropping the connection, -1 for none, {@link Faults#CUT_AT_END} to
     *     draw the point over the whole body's length when it ends
     */
    FaultyOutputStream(OutputStream out, long bytesPerSecond, long resetAfter, long truncateAfter, Faults faults) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
        this.resetAfter = resetAfter;
        this.truncateAfter = truncateAfter;
        this.faults = faults;
        this.whole = resetAfter == Faults.CUT_AT_END ? new java.io.ByteArrayOutputStream() : null;
    }

    long written() {
        return written;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (dropped) {
            throw new ConnectionDropped("the connection was dropped after " + written + " bytes");
        }
        if (whole != null) {
            whole.write(b, off, len);
            return;
        }
        int n = len;
        if (resetAfter >= 0 && written + n > resetAfter && !faults.claimReset()) {
            resetAfter = -1; // the reset limit was reached meanwhile: the body goes out whole
        }
        if (resetAfter >= 0 && written + n > resetAfter) {
            int part = (int) Math.max(0, resetAfter - written);
            out.write(b, off, part);
            out.flush();
            written += part;
            drop();
        }
        if (truncateAfter >= 0 && written + n > truncateAfter) {
            n = (int) Math.max(0, truncateAfter - written);
        }
        if (n > 0) {
            throttle(n);
            out.write(b, off, n);
        }
        written += len;
    }

    @Override
    public void flush() throws IOException {
        if (whole == null && !dropped) {
            super.flush();
        }
    }

    /**
     * Ends the body; a body kept whole is now cut at a point drawn over its length. A dropped connection is
     * never closed here: closing would end the chunked body properly.
     */
    @Override
    public void close() throws IOException {
        if (dropped) {
            return;
        }
        if (whole != null) {
            byte[] all = whole.toByteArray();
            int cut = (int) faults.drawOffset(all.length);
            if (faults.claimReset()) {
                out.write(all, 0, cut);
                out.flush();
                written = cut;
                drop();
            }
            throttle(all.length);
            out.write(all);
            written = all.length;
        }
        super.close();
    }

    private void drop() throws ConnectionDropped {
        dropped = true;
        faults.resetInjected(written);
        throw new ConnectionDropped("injected connection reset after " + written + " bytes");
    }

    private void throttle(int n) throws IOException {
        if (bytesPerSecond <= 0) {
            return;
        }
        long due = (long) ((written + n) * 1e9 / bytesPerSecond);
        long wait = due - (System.nanoTime() - started);
        if (wait > 0) {
            try {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while throttling");
            }
        }
    }
}
