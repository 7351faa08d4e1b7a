package dev.llmrouter.cli.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configurations built into the jar: the default for local servers on their usual ports
 * (Ollama 11434, vLLM 8000, llama.cpp 8080) plus each cloud provider whose key variable is set,
 * and the demo's mock providers. Stateless and thread-safe.
 */
public final class BuiltinConfigs {
    /** The source name the default configuration's problems are reported under. */
    public static final String DEFAULT_NAME = "built-in default";
    /** The source name the demo configuration's problems are reported under. */
    public static final String DEMO_NAME = "built-in demo";

    private static final String DEFAULT_RESOURCE = "default.yaml";
    private static final String DEMO_RESOURCE = "demo.yaml";
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private BuiltinConfigs() {
    }

    /** The demo configuration's YAML. */
    public static String demo() {
        return resource(DEMO_RESOURCE);
    }

    /**
     * The default configuration's YAML: the providers whose key variables are unset are left out,
     * with their deployments, the model groups left empty, and every alias and fallback naming
     * one of those groups. A newcomer with an {@code OPENAI_API_KEY} gets OpenAI as a fallback;
     * one without gets no error about a missing key.
     *
     * @param env the environment variables
     */
    public static String localDefault(Map<String, String> env) {
        Map<String, Object> root = load(resource(DEFAULT_RESOURCE));
        Map<String, Object> providers = section(root, "providers");
        providers.values().removeIf(p -> !keysPresent(p, env));
        Map<String, Object> models = section(root, "models");
        for (Iterator<Object> it = models.values().iterator(); it.hasNext(); ) {
            Map<String, Object> group = asMap(it.next());
            List<Object> deployments = new ArrayList<>(asList(group.get("deployments")));
            deployments.removeIf(d -> !providers.containsKey(String.valueOf(asMap(d).get("provider"))));
            group.put("deployments", deployments);
            if (deployments.isEmpty()) {
                it.remove();
            }
        }
        Set<String> groups = models.keySet();
        section(root, "aliases").values().removeIf(target -> !groups.contains(String.valueOf(target)));
        Map<String, Object> fallbacks = section(root, "fallbacks");
        fallbacks.keySet().removeIf(g -> !groups.contains(g));
        fallbacks.replaceAll((g, chain) -> {
            List<Object> kept = new ArrayList<>(asList(chain));
            kept.removeIf(target -> !groups.contains(String.valueOf(target)));
            return kept;
        });
        fallbacks.values().removeIf(chain -> asList(chain).isEmpty());
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return "# " + DEFAULT_NAME + " (generated from the environment)\n" + new Yaml(options).dump(root);
    }

    private static boolean keysPresent(Object provider, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(String.valueOf(asMap(provider).getOrDefault("api_key", "")));
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> load(String yaml) {
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return asMap(o);
    }

    private static Map<String, Object> section(Map<String, Object> root, String key) {
        Map<String, Object> m = asMap(root.get(key));
        if (!root.containsKey(key)) {
            return m;
        }
        root.put(key, m);
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return o instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** Reads a resource of this package as UTF-8. */
    static String resource(String name) {
        try (InputStream in = BuiltinConfigs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the CLI jar lacks its resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + name, e);
        }
    }
}
