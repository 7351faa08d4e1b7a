package dev.llmrouter.cli.output;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table: a header row and data rows, columns padded to their widest cell, two spaces
 * apart; the last column is not padded. Not thread-safe: build and print from one thread.
 */
public final class Table {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table with these column titles. */
    public Table(String... header) {
        this.header = List.of(header);
    }

    /**
     * Adds a row; nulls print as {@code -}.
     *
     * @throws IllegalArgumentException when the row has more cells than the table has columns
     */
    public Table row(Object... cells) {
        if (cells.length > header.size()) {
            throw new IllegalArgumentException("a row has " + cells.length + " cells, the table " + header.size() + " columns");
        }
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(c == null ? "-" : String.valueOf(c));
        }
        while (row.size() < header.size()) {
            row.add("");
        }
        rows.add(row);
        return this;
    }

    /** The table as lines of text, header first. */
    public List<String> lines() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
        }
        for (List<String> r : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        List<String> out = new ArrayList<>();
        out.add(format(header, width));
        for (List<String> r : rows) {
            out.add(format(r, width));
        }
        return out;
    }

    /** Prints the table. */
    public void print(PrintStream out) {
        lines().forEach(out::println);
    }

    private static String format(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            sb.append(c);
            if (i < cells.size() - 1) {
                char[] pad = new char[width[i] - c.length() + 2];
                Arrays.fill(pad, ' ');
                sb.append(pad);
            }
        }
        return sb.toString().stripTrailing();
    }
}
