package dev.llmrouter.config.litellm;

import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.litellm.ExportBuilder;
import dev.llmrouter.internal.config.litellm.ExportHeader;
import dev.llmrouter.internal.config.litellm.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a LiteLLM proxy {@code config.yaml} for a router configuration, for teams that keep a
 * LiteLLM proxy next to llmrouter or migrate step by step (the seed's generate-and-validate
 * workflow). The file starts with an AUTO-GENERATED header naming each source file with the
 * SHA-256 of its content, a hash of the generated body, and notes on the settings LiteLLM has no
 * equivalent for; {@link LiteLlmStaleness} reads the header back.
 *
 * <p>Mapping: each active deployment becomes a {@code model_list} entry ({@code model_name} = the
 * group; {@code litellm_params.model} with the type's prefix, {@code api_base}, {@code api_key} as
 * {@code os.environ/VAR}, effective rpm/tpm, weight, order under {@code ordered}, timeout, prices,
 * tags; {@code model_info} with the context window and llmrouter's round-trip keys);
 * {@code router_settings} gets the strategy in LiteLLM's spelling, {@code allowed_fails},
 * {@code cooldown_time}, {@code num_retries}, {@code timeout} (attempt), aliases as
 * {@code model_group_alias} and every fallback kind as a list of one-key maps;
 * {@code litellm_settings} gets {@code request_timeout} and {@code stream_timeout}. Disabled
 * providers are left out. {@link LiteLlmImporter} reads the result back to the same routing,
 * limits and fallbacks. No secret is ever written. Thread-safe (stateless).
 */
public final class LiteLlmExporter {
    private LiteLlmExporter() {
    }

    /**
     * The exported text. Source paths are recorded relative to {@code target}'s folder when they
     * share a root (so the pair can move together), else absolute.
     *
     * @param config a valid configuration (as loaded from {@code sources})
     * @param sources the files the configuration was read from, hashed now
     * @param target where the text will be written
     * @throws UncheckedIOException when a source cannot be read
     */
    public static String export(RouterConfig config, List<Path> sources, Path target) {
        ExportBuilder.Result built = ExportBuilder.build(config);
        String body = yaml().dump(built.document());
        Path base = target.toAbsolutePath().normalize().getParent();
        List<ExportHeader.SourceHash> hashes = new ArrayList<>();
        for (Path s : sources) {
            hashes.add(new ExportHeader.SourceHash(recorded(base, s), Sha256.hex(read(s))));
        }
        return ExportHeader.render(hashes, Sha256.hex(body), built.notes()) + body;
    }

    /**
     * Exports to {@code target}, replacing it atomically where the file system allows.
     *
     * @throws UncheckedIOException when a source cannot be read or the target cannot be written
     */
    public static void write(RouterConfig config, List<Path> sources, Path target) {
        String text = export(config, sources, target);
        try {
            Path dir = target.toAbsolutePath().normalize().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".litellm-export", ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String recorded(Path base, Path source) {
        Path abs = source.toAbsolutePath().normalize();
        if (base != null && abs.getRoot() != null && abs.getRoot().equals(base.getRoot())) {
            return base.relativize(abs).toString().replace('\\', '/');
        }
        return abs.toString();
    }

    private static byte[] read(Path source) {
        try {
            return Files.readAllBytes(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read source " + source, e);
        }
    }

    private static Yaml yaml() {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setSplitLines(false);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(o);
    }
}
