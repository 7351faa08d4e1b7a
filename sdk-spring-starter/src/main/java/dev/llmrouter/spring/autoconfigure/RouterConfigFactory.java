package dev.llmrouter.spring.autoconfigure;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.RouterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * Builds the {@link RouterConfig} from {@code llmrouter.*}: reads the files of
 * {@code llmrouter.config} (or {@code classpath:router.yaml} when it exists and nothing is set),
 * with {@code llmrouter.redis.*} laid over their {@code redis:} section, or the inline tree. {@code ${VAR}} in the YAML resolves through the Spring {@link Environment}
 * (environment variables, system properties, any property source). Every problem fails startup
 * as a {@link ConfigException} listing each with its file:line, for inline keys the line of the
 * property's own origin. Thread-safe (stateless).
 */
final class RouterConfigFactory {
    /** The name inline problems carry when a property has no origin. */
    static final String INLINE_SOURCE = "llmrouter.* properties";
    static final String DEFAULT_LOCATION = "classpath:router.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(RouterConfigFactory.class);

    private RouterConfigFactory() {
    }

    static RouterConfig create(LlmRouterProperties properties, Environment env, ResourceLoader resources) {
        InlineConfigWriter tree = InlineConfigWriter.tree();
        boolean inlineTree = !tree.write(properties).isEmpty();
        List<String> locations = properties.config() == null ? List.of() : properties.config();
        if (!locations.isEmpty() && inlineTree) {
            throw new ConfigException("llmrouter.config and inline llmrouter.* keys are both set", List.of(
                    "llmrouter.config names " + String.join(", ", locations) + " and " + firstInlineKeys(tree)
                            + " are set too: configure the router one way only (remove llmrouter.config, or move the"
                            + " inline keys into the files)"), null);
        }
        // inline: the whole tree, llmrouter.redis included; files: only llmrouter.redis, laid over them
        InlineConfigWriter writer = inlineTree ? new InlineConfigWriter() : InlineConfigWriter.layer();
        String yaml = writer.write(properties);
        Function<String, String> lookup = name -> {
            String secret = writer.secrets().get(name);
            return secret != null ? secret : env.getProperty(name);
        };
        if (inlineTree) {
            return inline(yaml, writer, lookup, env);
        }
        return files(locations(locations, resources), yaml, writer, resources, lookup, env);
    }

    /** {@code llmrouter.config}, else {@code classpath:router.yaml} when it exists. */
    static List<String> locations(List<String> configured, ResourceLoader resources) {
        if (!configured.isEmpty()) {
            return configured;
        }
        if (!resources.getResource(DEFAULT_LOCATION).exists()) {
            throw new ConfigException("no llmrouter configuration", List.of("set llmrouter.config (for example "
                    + DEFAULT_LOCATION + "), add router.yaml to the class path, or write the configuration inline"
                    + " under llmrouter.* (llmrouter.providers, llmrouter.models ...)"), null);
        }
        return List.of(DEFAULT_LOCATION);
    }

    private static RouterConfig files(List<String> locations, String layer, InlineConfigWriter writer,
                                      ResourceLoader resources, Function<String, String> lookup, Environment env) {
        Map<String, String> documents = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String location : locations) {
            Resource r = resources.getResource(location.trim());
            if (!r.exists()) {
                missing.add(location + ":0:0: error: configuration file not found (check llmrouter.config)");
                continue;
            }
            try (InputStream in = r.getInputStream()) {
                documents.put(location.trim(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                missing.add(location + ":0:0: error: cannot read the file: " + e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException("invalid llmrouter.config: " + missing.size()
                    + (missing.size() == 1 ? " file" : " files") + " not readable", missing, null);
        }
        if (!layer.isEmpty()) {
            documents.put(INLINE_SOURCE, layer);
        }
        LoadResult result = ConfigLoader.readStrings(documents, lookup);
        if (layer.isEmpty()) {
            result.warnings().forEach(w -> LOG.warn("{}", w.format()));
            return result.orThrow();
        }
        return reported(result, writer, env, "invalid configuration in " + String.join(", ", documents.keySet()));
    }

    private static RouterConfig inline(String yaml, InlineConfigWriter writer, Function<String, String> lookup,
                                       Environment env) {
        return reported(ConfigLoader.readString(yaml, INLINE_SOURCE, lookup), writer, env, "invalid llmrouter.* properties");
    }

    /** The configuration, its warnings logged; or every problem, inline ones at their origins, as one exception. */
    private static RouterConfig reported(LoadResult result, InlineConfigWriter writer, Environment env, String what) {
        List<ConfigProblem> problems = result.problems().stream().map(p -> atOrigin(p, writer, env)).toList();
        if (!result.hasErrors()) {
            problems.forEach(w -> LOG.warn("{}", w.format()));
            return result.config().orElseThrow();
        }
        long errors = problems.stream().filter(ConfigProblem::isError).count();
        throw new ConfigException(what + ": " + errors + (errors == 1 ? " error" : " errors"),
                problems.stream().map(ConfigProblem::format).toList(), null);
    }

    /** The problem placed at the origin (file:line of application.yaml, say) of the property behind its line. */
    static ConfigProblem atOrigin(ConfigProblem p, InlineConfigWriter writer, Environment env) {
        String property = writer.propertyAt(p.line());
        if (!INLINE_SOURCE.equals(p.file()) || property == null) {
            return p;
        }
        Origin origin = origin(property, env);
        String message = p.message() + " [" + property + "]";
        TextResourceOrigin text = textOrigin(origin);
        if (text != null && text.getResource() != null && text.getLocation() != null) {
            return p.toBuilder().at(describe(text.getResource()), text.getLocation().getLine() + 1,
                    text.getLocation().getColumn() + 1).message(message).build();
        }
        return p.toBuilder().at(origin != null ? origin.toString() : INLINE_SOURCE, 0, 0).message(message).build();
    }

    private static Origin origin(String property, Environment env) {
        ConfigurationPropertyName name = ConfigurationPropertyName.adapt(property, '.');
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            ConfigurationProperty exact = source.getConfigurationProperty(name);
            if (exact != null && exact.getOrigin() != null) {
                return exact.getOrigin();
            }
            if (source instanceof IterableConfigurationPropertySource iterable) {
                // a mapping has no value of its own: its first key is where it is written
                ConfigurationPropertyName child = iterable.stream().filter(name::isAncestorOf).findFirst().orElse(null);
                ConfigurationProperty first = child == null ? null : source.getConfigurationProperty(child);
                if (first != null && first.getOrigin() != null) {
                    return first.getOrigin();
                }
            }
        }
        return null;
    }

    private static TextResourceOrigin textOrigin(Origin origin) {
        for (Origin o = origin; o != null; o = o.getParent()) {
            if (o instanceof TextResourceOrigin t) {
                return t;
            }
            // a property source's origin wraps the file's own
            if (o instanceof PropertySourceOrigin ps && ps.getOrigin() instanceof TextResourceOrigin t) {
                return t;
            }
        }
        return null;
    }

    private static String describe(Resource r) {
        return r instanceof ClassPathResource cp ? "classpath:" + cp.getPath() : r.getDescription();
    }

    private static String firstInlineKeys(InlineConfigWriter writer) {
        List<String> keys = new ArrayList<>();
        for (int line = 1; writer.propertyAt(line) != null && keys.size() < 3; line++) {
            String p = writer.propertyAt(line);
            int end = p.length();
            for (char c : new char[] {'.', '['}) {
                int at = p.indexOf(c, "llmrouter.".length());
                end = at < 0 ? end : Math.min(end, at);
            }
            String top = p.substring(0, end);
            if (!keys.contains(top)) {
                keys.add(top);
            }
        }
        return String.join(", ", keys);
    }
}
