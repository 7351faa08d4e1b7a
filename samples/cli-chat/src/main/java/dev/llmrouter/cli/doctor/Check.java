package dev.llmrouter.cli.doctor;

import java.util.Objects;

/**
 * One line of the {@code doctor} checklist. Immutable and thread-safe.
 *
 * @param verdict how it went
 * @param subject what was checked ({@code configuration}, {@code provider gpu-a}, {@code redis})
 * @param detail what was found and, for a failure, what to do
 */
public record Check(Verdict verdict, String subject, String detail) {
    /** How one check went. */
    public enum Verdict {
        /** Fine. */
        OK,
        /** Works, but worth a look before go-live; does not fail the doctor. */
        WARN,
        /** Not ready: the doctor exits 1. */
        FAIL
    }

    /** @throws NullPointerException when a part is null */
    public Check {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(detail, "detail");
    }

    static Check ok(String subject, String detail) {
        return new Check(Verdict.OK, subject, detail);
    }

    static Check warn(String subject, String detail) {
        return new Check(Verdict.WARN, subject, detail);
    }

    static Check fail(String subject, String detail) {
        return new Check(Verdict.FAIL, subject, detail);
    }
}
