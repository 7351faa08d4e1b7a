package dev.llmrouter.config.litellm;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Whether an exported LiteLLM file still matches its sources (the seed's check 8, by content
 * hash rather than modification time). Immutable and thread-safe; {@link LiteLlmStaleness} builds
 * it ({@link #builder(Status, Path)} is public for tests of code that reads reports). A class
 * rather than a record so that new fields can be added without breaking callers.
 */
public final class StalenessReport {

    /** The verdict, worst first when several apply: not generated, source missing, stale, edited, fresh. */
    public enum Status {
        /** The sources and the generated body are exactly as recorded. */
        FRESH,
        /** A source changed since the export: export again. */
        STALE,
        /** A recorded source no longer exists. */
        SOURCE_MISSING,
        /** The sources are unchanged but the exported file was edited by hand. */
        EDITED,
        /** The file has no llmrouter AUTO-GENERATED header. */
        NOT_GENERATED
    }

    private final Status status;
    private final Path exported;
    private final List<Path> changed;
    private final List<Path> missing;
    private final String message;

    private StalenessReport(Builder b) {
        this.status = Objects.requireNonNull(b.status, "status");
        this.exported = Objects.requireNonNull(b.exported, "exported");
        this.changed = List.copyOf(b.changed);
        this.missing = List.copyOf(b.missing);
        this.message = Objects.requireNonNull(b.message, "message");
    }

    /**
     * A builder for verdict {@code status} on {@code exported}: nothing changed, nothing missing;
     * the message is required.
     */
    public static Builder builder(Status status, Path exported) {
        return new Builder(status, exported);
    }

    /** A builder holding this report's values. */
    public Builder toBuilder() {
        return new Builder(status, exported).changed(changed).missing(missing).message(message);
    }

    /** The verdict. */
    public Status status() {
        return status;
    }

    /** The exported file. */
    public Path exported() {
        return exported;
    }

    /** Sources whose content differs from the export's record. */
    public List<Path> changed() {
        return changed;
    }

    /** Sources that no longer exist. */
    public List<Path> missing() {
        return missing;
    }

    /** One line for people, naming what changed and what to do. */
    public String message() {
        return message;
    }

    /** True when the export can be used as is. */
    public boolean isFresh() {
        return status == Status.FRESH;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StalenessReport r && r.status == status && r.exported.equals(exported)
                && r.changed.equals(changed) && r.missing.equals(missing) && r.message.equals(message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, exported, changed, missing, message);
    }

    @Override
    public String toString() {
        return "StalenessReport[status=" + status + ", exported=" + exported + ", changed=" + changed + ", missing="
                + missing + ", message=" + message + "]";
    }

    /** Builds a {@link StalenessReport}. Not thread-safe. */
    public static final class Builder {
        private final Status status;
        private final Path exported;
        private List<Path> changed = List.of();
        private List<Path> missing = List.of();
        private String message;

        private Builder(Status status, Path exported) {
            this.status = status;
            this.exported = exported;
        }

        /** Sources whose content differs from the export's record (default none). */
        public Builder changed(List<Path> changed) {
            this.changed = changed;
            return this;
        }

        /** Sources that no longer exist (default none). */
        public Builder missing(List<Path> missing) {
            this.missing = missing;
            return this;
        }

        /** One line for people, naming what changed and what to do; required. */
        public Builder message(String message) {
            this.message = message;
            return this;
        }

        /** @throws NullPointerException when the status, the file, a list, an element or the message is null */
        public StalenessReport build() {
            return new StalenessReport(this);
        }
    }
}
