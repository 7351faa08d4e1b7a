package dev.llmrouter.internal.http;

import okio.Buffer;
import okio.BufferedSource;
import okio.Okio;
import okio.Source;
import okio.Timeout;

/** A source that hands out at most {@code step} bytes per read, like a slow network. */
final class TrickleSource implements Source {
    private final byte[] data;
    private final int step;
    private int pos;

    private TrickleSource(byte[] data, int step) {
        this.data = data;
        this.step = step;
    }

    static BufferedSource of(byte[] data, int step) {
        return Okio.buffer(new TrickleSource(data, step));
    }

    static BufferedSource of(String utf8, int step) {
        return of(utf8.getBytes(java.nio.charset.StandardCharsets.UTF_8), step);
    }

    @Override
    public long read(Buffer sink, long byteCount) {
        if (pos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(Math.min(step, byteCount), data.length - pos);
        sink.write(data, pos, n);
        pos += n;
        return n;
    }

    @Override
    public Timeout timeout() {
        return Timeout.NONE;
    }

    @Override
    public void close() {
    }
}
