package dev.llmrouter.config;

import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.ReportedConfigs;
import dev.llmrouter.internal.config.bind.BindContext;
import dev.llmrouter.internal.config.bind.ConfigBinder;
import dev.llmrouter.internal.config.rules.SemanticValidator;
import dev.llmrouter.internal.config.yaml.NodeMerger;
import dev.llmrouter.internal.config.yaml.SafeYaml;
import dev.llmrouter.internal.config.yaml.YNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads router configuration from YAML: one file ({@code router.yaml}) or several merged in order
 * (the seed's {@code providers.yaml} + {@code model-mappings.yaml}; mappings merge key by key, a
 * later scalar or list replaces an earlier one). The YAML is read in safe mode only (plain data,
 * no tags, size and alias limits); {@code ${VAR}} and {@code ${VAR:-default}} are expanded in every
 * value and {@code api_key_env: VAR} reads a key from the environment; every problem is collected
 * (unknown keys, bad values, broken references, chain cycles, disabled providers, port clashes,
 * insecure cloud URLs, missing variables, timeout layering) with file, line, column and a hint.
 *
 * <p>The environment is read through {@code System.getenv} unless a lookup is passed (tests pass a
 * map's {@code get}). Thread-safe: every call is independent.
 */
public final class ConfigLoader {
    /**
     * The largest configuration file read, in bytes: the YAML parser's own limit of
     * {@link SafeYaml#MAX_CODE_POINTS} code points, at up to 4 bytes each.
     */
    static final int MAX_FILE_BYTES = 4 * SafeYaml.MAX_CODE_POINTS;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    /**
     * Reads, merges and validates {@code files}; logs the warnings.
     *
     * @throws dev.llmrouter.api.ConfigException listing every problem when there is any error
     */
    public static RouterConfig load(Path... files) {
        return load(System::getenv, files);
    }

    /** As {@link #load(Path...)}, reading variables through {@code env} (null means unset). */
    public static RouterConfig load(Function<String, String> env, Path... files) {
        return logged(read(env, files)).orThrow();
    }

    /** Reads, merges and validates {@code files}; never throws for problems in their content. */
    public static LoadResult read(Path... files) {
        return read(System::getenv, files);
    }

    /** As {@link #read(Path...)}, reading variables through {@code env} (null means unset). */
    public static LoadResult read(Function<String, String> env, Path... files) {
        if (files.length == 0) {
            throw new IllegalArgumentException("no configuration file given");
        }
        List<String> names = Arrays.stream(files).map(Path::toString).toList();
        Problems problems = new Problems(names.get(0));
        List<Source> sources = new ArrayList<>();
        for (Path f : files) {
            text(f, problems).ifPresent(t -> sources.add(new Source(t, f.toString())));
        }
        return run(sources, names, problems, env, List.of(files));
    }

    /**
     * Reads and validates one YAML document held in memory (tests, embedded defaults).
     *
     * @throws dev.llmrouter.api.ConfigException listing every problem when there is any error
     */
    public static RouterConfig fromString(String yaml, String sourceName) {
        return fromString(yaml, sourceName, System::getenv);
    }

    /** As {@link #fromString(String, String)}, reading variables through {@code env}. */
    public static RouterConfig fromString(String yaml, String sourceName, Function<String, String> env) {
        return logged(readString(yaml, sourceName, env)).orThrow();
    }

    /** As {@link #fromString(String, String, Function)}, but never throws for problems in the content. */
    public static LoadResult readString(String yaml, String sourceName, Function<String, String> env) {
        Problems problems = new Problems(sourceName);
        return run(List.of(new Source(yaml, sourceName)), List.of(sourceName), problems, env, List.of());
    }

    /**
     * As {@link #read(Function, Path...)}, for YAML documents held in memory (resources inside a
     * jar, say), merged in the map's order; each document's problems are reported under its key.
     * Never throws for problems in their content.
     *
     * @throws IllegalArgumentException when {@code documents} is empty
     */
    public static LoadResult readStrings(Map<String, String> documents, Function<String, String> env) {
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("no configuration document given");
        }
        List<String> names = List.copyOf(documents.keySet());
        List<Source> sources = documents.entrySet().stream().map(e -> new Source(e.getValue(), e.getKey())).toList();
        return run(sources, names, new Problems(names.get(0)), env, List.of());
    }

    private record Source(String text, String name) {
    }

    private static LoadResult run(List<Source> sources, List<String> names, Problems problems,
                                  Function<String, String> env, List<Path> paths) {
        List<YNode.Mapping> roots = new ArrayList<>();
        boolean unreadable = sources.size() < names.size();
        for (Source s : sources) {
            Optional<YNode.Mapping> root = SafeYaml.parse(s.text(), s.name(), problems);
            root.ifPresent(roots::add);
            unreadable |= root.isEmpty();
        }
        if (unreadable) {
            // the rest would only produce follow-on errors (unknown references to what could not be read)
            return new LoadResult(null, problems.sorted(names), paths);
        }
        if (reportEmpty(sources, roots, problems)) {
            return new LoadResult(null, problems.sorted(names), paths);
        }
        BindContext ctx = new BindContext(problems, env);
        RouterConfig config = ConfigBinder.bind(NodeMerger.merge(roots), ctx);
        SemanticValidator.run(config, problems, ctx.gaps());
        LoadResult result = new LoadResult(config, problems.sorted(names), paths);
        // its problems go out with this result: a router built from it must not report them again
        result.config().ifPresent(ReportedConfigs::add);
        return result;
    }

    /**
     * An empty file is almost always a mistake (a wrong path, a file truncated by a failed deploy):
     * when every file is empty the configuration is an error, else the empty one is a warning.
     *
     * @return true when nothing at all was configured
     */
    private static boolean reportEmpty(List<Source> sources, List<YNode.Mapping> roots, Problems problems) {
        boolean allEmpty = !roots.isEmpty();
        for (int i = 0; i < roots.size(); i++) {
            boolean empty = roots.get(i).entries().isEmpty();
            allEmpty &= empty;
            if (empty && roots.size() > 1) {
                problems.warningAt(new Location(sources.get(i).name(), 1, 1), "the file is empty: nothing from it is used",
                        "check the path, or remove the file from the list");
            }
        }
        if (allEmpty) {
            problems.errorAt(new Location(sources.get(0).name(), 1, 1), "the configuration is empty: no providers and no models",
                    "add providers: and models: (see samples/config/)");
        }
        return allEmpty;
    }

    private static Optional<String> text(Path file, Problems problems) {
        Location at = Location.of(file.toString());
        // checked before opening: opening a FIFO blocks until a writer comes, and a device never ends
        if (Files.isDirectory(file)) {
            problems.errorAt(at, "is a directory, not a configuration file", "name the YAML file inside it");
            return Optional.empty();
        }
        if (!Files.exists(file)) {
            problems.errorAt(at, "configuration file not found", "check the path");
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.errorAt(at, "is not a regular file (a pipe, device or socket)",
                    "configuration is read from regular files only; write it to a file first");
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            // read at most one byte past the limit: a huge file is refused without being held in memory
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                problems.errorAt(at, "the file is larger than " + MAX_FILE_BYTES / (1024 * 1024) + " MiB",
                        "a router configuration is a few kilobytes; check that this is the right file");
                return Optional.empty();
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException e) {
            problems.errorAt(at, "configuration file not found", "check the path");
        } catch (CharacterCodingException e) {
            problems.errorAt(at, "the file is not UTF-8 text", "save it as UTF-8");
        } catch (IOException e) {
            problems.errorAt(at, "cannot read the file: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), "check its permissions");
        }
        return Optional.empty();
    }

    private static LoadResult logged(LoadResult result) {
        if (!result.hasErrors()) {
            result.warnings().forEach(w -> LOG.warn("{}", w.format()));
        }
        return result;
    }
}
