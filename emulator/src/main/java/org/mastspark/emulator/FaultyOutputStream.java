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
    private final long resetAfter;
    private final long truncateAfter;
    private final long started = System.nanoTime();
    private long written;

    FaultyOutputStream(OutputStream out, long bytesPerSecond, long resetAfter, long truncateAfter) {
        super(out);
        this.bytesPerSecond = bytesPerSecond;
        this.resetAfter = resetAfter;
        this.truncateAfter = truncateAfter;
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
        int n = len;
        if (resetAfter >= 0 && written + n > resetAfter) {
            int part = (int) Math.max(0, resetAfter - written);
            out.write(b, off, part);
            out.flush();
            written += part;
            throw new ConnectionDropped("injected connection reset after " + written + " bytes");
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
