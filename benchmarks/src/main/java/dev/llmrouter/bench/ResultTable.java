package dev.llmrouter.bench;

import java.util.List;
import java.util.Locale;

/**
 * Renders load results as a markdown table, each client compared with the raw OkHttp floor of the
 * same round, followed by llmrouter's goal check (issue 10: at most 5 µs over raw at the median
 * with 1 thread and 10 µs with more, at least 0.95x raw throughput with more than 1 thread, at
 * most 1.3x raw allocation per call; issue 4's p99 at most 250 µs over raw stays), and, over
 * several rounds, each client's medians. Stateless.
 */
final class ResultTable {
    private static final String RAW = "raw OkHttp";
    private static final String ROUTER = "llmrouter";

    private ResultTable() {
    }

    /** A table of {@code results}, {@code perRound} per round in run order, for {@code threads} threads. */
    static String render(int threads, List<LoadResult> results, int rounds, int perRound) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "### %d thread(s)%n%n", threads));
        sb.append("| round | client | calls/s | x raw | p50 µs | p50 over raw | p90 µs | p99 µs | p99 over raw "
                + "| p99.9 µs | max µs | alloc/call, calling threads | alloc/call, all client threads | errors |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        StringBuilder goals = new StringBuilder();
        for (int round = 0; round < rounds; round++) {
            List<LoadResult> rs = results.subList(round * perRound, (round + 1) * perRound);
            LoadResult raw = rs.stream().filter(r -> r.client().equals(RAW)).findFirst().orElse(null);
            for (LoadResult r : rs) {
                sb.append(String.format(Locale.ROOT, "| %d | %s | %,.0f | %s | %.1f | %s | %.1f | %.1f | %s | %.1f | %,.0f "
                                + "| %,.0f B | %,.0f B | %d |%n", round + 1, r.client(), r.throughput(),
                        raw == null ? "-" : String.format(Locale.ROOT, "%.2f", r.throughput() / raw.throughput()),
                        r.p50(), raw == null ? "-" : String.format(Locale.ROOT, "%+.1f", r.p50() - raw.p50()),
                        r.p90(), r.p99(), raw == null ? "-" : String.format(Locale.ROOT, "%+.1f", r.p99() - raw.p99()),
                        r.p999(), r.max(), r.callerBytes(), r.allBytes(), r.errors()));
                if (raw != null && r.client().equals(ROUTER)) {
                    goals.append(goalCheck(round + 1, threads, r, raw));
                }
            }
        }
        sb.append('\n').append(goals);
        if (rounds > 1) {
            sb.append('\n').append(medians(threads, results, rounds, perRound));
        }
        return sb.toString();
    }

    /**
     * Per client, the median over the rounds of each figure compared with the same round's raw
     * call: on a shared machine, background load moves every client of a round, so per-round
     * differences are steadier than absolute figures, and the median drops the disturbed rounds.
     */
    private static String medians(int threads, List<LoadResult> results, int rounds, int perRound) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "#### %d thread(s): medians over %d rounds%n%n"
                + "| client | calls/s | x raw | p50 µs | p50 over raw | p99 µs | p99 over raw "
                + "| alloc/call, all client threads | x raw alloc |%n|---|---:|---:|---:|---:|---:|---:|---:|---:|%n",
                threads, rounds));
        List<String> names = results.subList(0, perRound).stream().map(LoadResult::client).sorted().toList();
        double[] routerFigures = null;
        for (String name : names) {
            double[][] f = new double[8][rounds];
            for (int round = 0; round < rounds; round++) {
                List<LoadResult> rs = results.subList(round * perRound, (round + 1) * perRound);
                LoadResult r = rs.stream().filter(x -> x.client().equals(name)).findFirst().orElseThrow();
                LoadResult raw = rs.stream().filter(x -> x.client().equals(RAW)).findFirst().orElse(r);
                double[] row = {r.throughput(), r.throughput() / raw.throughput(), r.p50(), r.p50() - raw.p50(), r.p99(),
                    r.p99() - raw.p99(), r.allBytes(), r.allBytes() / raw.allBytes()};
                for (int i = 0; i < row.length; i++) {
                    f[i][round] = row[i];
                }
            }
            double[] m = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                m[i] = median(f[i]);
            }
            sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.1f | %+.1f | %.1f | %+.1f | %,.0f B | %.2f |%n",
                    name, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]));
            if (name.equals(ROUTER)) {
                routerFigures = m;
            }
        }
        if (routerFigures != null) {
            double[] m = routerFigures;
            sb.append('\n').append(goals("medians", threads, m[3], m[5], m[1], m[7]));
        }
        return sb.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String goalCheck(int round, int threads, LoadResult r, LoadResult raw) {
        return goals("round " + round, threads, r.p50() - raw.p50(), r.p99() - raw.p99(), r.throughput() / raw.throughput(),
                r.allBytes() / raw.allBytes());
    }

    private static String goals(String what, int threads, double dp50, double dp99, double ratio, double alloc) {
        double p50Goal = threads == 1 ? 5 : 10;
        // with one thread the client waits for the stub half of the time, so throughput is latency: the p50 goal covers it
        String throughput = threads == 1 ? String.format(Locale.ROOT, "throughput %.2fx raw (no goal with 1 thread)", ratio)
                : String.format(Locale.ROOT, "throughput %.2fx raw (>= 0.95: %s)", ratio, ok(ratio >= 0.95));
        return String.format(Locale.ROOT, "%s, llmrouter goals: p50 %+.1f µs over raw (<= %.0f: %s); "
                        + "p99 %+.1f µs over raw (<= 250: %s); %s; allocation %.2fx raw (<= 1.3: %s)%n", what, dp50, p50Goal,
                ok(dp50 <= p50Goal), dp99, ok(dp99 <= 250), throughput, alloc, ok(alloc <= 1.3));
    }

    private static String ok(boolean met) {
        return met ? "met" : "MISSED";
    }
}
