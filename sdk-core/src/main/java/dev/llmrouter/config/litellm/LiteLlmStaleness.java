package dev.llmrouter.config.litellm;

import dev.llmrouter.internal.config.litellm.ExportHeader;
import dev.llmrouter.internal.config.litellm.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an exported LiteLLM file against the sources its header names: each source is hashed
 * again (content, not modification time, so a touched file is not stale and a restored backup is
 * not fresh by accident), and the body is hashed to catch hand edits. Relative source paths are
 * resolved against the exported file's folder. Thread-safe (stateless).
 */
public final class LiteLlmStaleness {
    private LiteLlmStaleness() {
    }

    /**
     * The verdict for {@code exported}.
     *
     * @throws UncheckedIOException when the exported file itself cannot be read
     */
    public static StalenessReport check(Path exported) {
        String text;
        try {
            text = Files.readString(exported);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + exported, e);
        }
        Optional<ExportHeader.Parsed> header = ExportHeader.parse(text);
        if (header.isEmpty()) {
            return StalenessReport.builder(StalenessReport.Status.NOT_GENERATED, exported).message(exported
                    + " has no llmrouter AUTO-GENERATED header: it was not exported by llmrouter, or the header was removed")
                    .build();
        }
        Path base = exported.toAbsolutePath().normalize().getParent();
        List<Path> changed = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (ExportHeader.SourceHash s : header.get().sources()) {
            Path p = base.resolve(s.path()).normalize();
            try {
                if (!Sha256.hex(Files.readAllBytes(p)).equals(s.sha256())) {
                    changed.add(p);
                }
            } catch (NoSuchFileException e) {
                missing.add(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read source " + p, e);
            }
        }
        if (!missing.isEmpty()) {
            return report(StalenessReport.Status.SOURCE_MISSING, exported, changed, missing,
                    exported + ": source " + names(missing) + " no longer exists; export again from the current sources");
        }
        if (!changed.isEmpty()) {
            return report(StalenessReport.Status.STALE, exported, changed, missing, exported + " is stale: "
                    + names(changed) + (changed.size() == 1 ? " has" : " have") + " changed since the export; export again");
        }
        if (!Sha256.hex(header.get().body()).equals(header.get().bodySha256())) {
            return report(StalenessReport.Status.EDITED, exported, changed, missing, exported
                    + " was edited by hand after the export; edit the sources instead and export again");
        }
        return report(StalenessReport.Status.FRESH, exported, changed, missing, exported + " is up to date");
    }

    private static StalenessReport report(StalenessReport.Status status, Path exported, List<Path> changed,
                                          List<Path> missing, String message) {
        return StalenessReport.builder(status, exported).changed(changed).missing(missing).message(message).build();
    }

    private static String names(List<Path> paths) {
        return String.join(", ", paths.stream().map(Path::toString).toList());
    }
}
