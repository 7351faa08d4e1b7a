package dev.llmrouter.config.litellm;

import java.nio.file.Path;
import java.util.List;

/**
 * Whether an exported LiteLLM file still matches its sources (the seed's check 8, by content
 * hash rather than modification time). Immutable and thread-safe.
 *
 * @param status the verdict
 * @param exported the exported file
 * @param changed sources whose content differs from the export's record
 * @param missing sources that no longer exist
 * @param message one line for people, naming what changed and what to do
 */
public record StalenessReport(Status status, Path exported, List<Path> changed, List<Path> missing, String message) {

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

    /** Copies the lists. */
    public StalenessReport {
        changed = List.copyOf(changed);
        missing = List.copyOf(missing);
    }

    /** True when the export can be used as is. */
    public boolean isFresh() {
        return status == Status.FRESH;
    }
}
