package dev.llmrouter.bench;

/**
 * What one {@link LoadRun} measured. Latencies in microseconds; allocation in bytes per successful
 * call. Immutable.
 *
 * @param client the client's name
 * @param threads the number of calling threads
 * @param calls successful calls in the measured time
 * @param errors failed calls in the measured time
 * @param throughput successful calls per second
 * @param p50 median latency
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the slowest call
 * @param callerBytes bytes allocated by the calling threads, per call
 * @param allBytes bytes allocated by every thread but the stub's, per call
 */
public record LoadResult(String client, int threads, long calls, long errors, double throughput, double p50,
                         double p90, double p99, double p999, double max, double callerBytes, double allBytes) {
}
