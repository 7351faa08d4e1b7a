package dev.llmrouter.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keeps the line between API/SPI and internal (docs/api-stability.md): no internal type in a
 * public or protected signature of an exported package, no internal package exported to everyone,
 * and no code outside sdk-core reaching into sdk-core's internals.
 */
@Tag("unit")
class ApiLineTest {

    static final String INTERNAL = "dev.llmrouter.internal";

    static final Set<String> CORE_EXPORTS = Set.of("dev.llmrouter", "dev.llmrouter.api", "dev.llmrouter.config",
            "dev.llmrouter.config.litellm", "dev.llmrouter.spi.event", "dev.llmrouter.spi.provider",
            "dev.llmrouter.spi.routing", "dev.llmrouter.spi.state");

    /** The module folders whose main code may use only what sdk-core exports. */
    static final List<String> OUTSIDE_CORE = List.of("sdk-redis", "sdk-langchain4j", "sdk-spring-starter",
            "samples/cli-chat", "samples/spring-boot-app", "benchmarks");

    @Test
    void apiAndSpiSignaturesMentionNoInternalType() {
        List<String> leaks = new ArrayList<>();
        for (PublishedJar jar : PublishedJar.ALL) {
            for (Class<?> c : jar.visibleTypes()) {
                leaks.addAll(internalMentions(c));
            }
        }
        assertThat(leaks).as("public or protected signatures in exported packages that name an internal type")
                .isEmpty();
    }

    @Test
    void coreExportsExactlyTheApiAndSpiPackagesToEveryone() {
        PublishedJar core = PublishedJar.ALL.get(0);
        ModuleDescriptor d = core.descriptor().orElseThrow(() -> new AssertionError("sdk-core has no module-info"));
        assertThat(d.name()).isEqualTo("dev.llmrouter.core");
        assertThat(core.exportedPackages()).containsExactlyInAnyOrderElementsOf(CORE_EXPORTS);
        Set<String> unclassified = core.packages().stream()
                .filter(p -> !CORE_EXPORTS.contains(p) && !p.equals(INTERNAL) && !p.startsWith(INTERNAL + "."))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unclassified).as("sdk-core packages that are neither API/SPI nor under " + INTERNAL).isEmpty();
    }

    @Test
    void internalPackagesAreExportedOnlyToLlmroutersOwnModules() {
        List<String> problems = new ArrayList<>();
        for (PublishedJar jar : PublishedJar.ALL) {
            Set<String> open = jar.exportedPackages().stream().filter(ApiLineTest::isInternal)
                    .collect(Collectors.toSet());
            for (Class<?> c : jar.classesIn(open)) {
                if (PublishedJar.isVisible(c)) {
                    problems.add(jar.artifactId() + ": public type " + c.getTypeName()
                            + " in an internal package exported to everyone");
                }
            }
            jar.descriptor().ifPresent(d -> d.exports().stream().filter(ModuleDescriptor.Exports::isQualified)
                    .forEach(e -> e.targets().stream().filter(t -> !t.startsWith("dev.llmrouter."))
                            .forEach(t -> problems.add(jar.artifactId() + ": exports " + e.source() + " to " + t
                                    + ", which is not one of llmrouter's modules"))));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void codeOutsideCoreUsesNoInternalPackage() throws IOException {
        ModuleDescriptor core = PublishedJar.ALL.get(0).descriptor().orElseThrow();
        List<String> uses = new ArrayList<>();
        for (String module : OUTSIDE_CORE) {
            Path main = Repository.root().resolve(module).resolve("src/main");
            assertThat(main).as("module folder %s", module).isDirectory();
            Set<String> granted = grantedTo(moduleName(main), core);
            try (Stream<Path> files = Files.walk(main)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = f.getFileName().toString();
                    if (!(name.endsWith(".java") || name.endsWith(".imports") || name.endsWith(".factories")
                            || name.startsWith("dev.llmrouter"))) {
                        continue;
                    }
                    List<String> lines = Files.readAllLines(f);
                    for (int i = 0; i < lines.size(); i++) {
                        if (lines.get(i).contains(INTERNAL + ".") && !namesOnly(lines.get(i), granted)) {
                            uses.add(Repository.root().relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                        }
                    }
                }
            }
        }
        assertThat(uses).as("code outside sdk-core that names sdk-core's internal packages").isEmpty();
    }

    /** The module a folder's main code declares in its module-info.java, or null (class path only). */
    static String moduleName(Path main) throws IOException {
        Path info = main.resolve("java/module-info.java");
        if (!Files.isRegularFile(info)) {
            return null;
        }
        Matcher m = Pattern.compile("(?m)^\\s*module\\s+([\\w.]+)")
                .matcher(Files.readString(info));
        assertThat(m.find()).as("module declaration in %s", info).isTrue();
        return m.group(1);
    }

    /** The internal packages sdk-core exports to {@code module} by name (a qualified export). */
    static Set<String> grantedTo(String module, ModuleDescriptor core) {
        if (module == null) {
            return Set.of();
        }
        return core.exports().stream().filter(e -> e.isQualified() && e.targets().contains(module))
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
    }

    /** Whether every internal name on {@code line} is a type of a package in {@code granted}. */
    static boolean namesOnly(String line, Set<String> granted) {
        Matcher m = Pattern.compile(
                Pattern.quote(INTERNAL) + "(\\.[a-z]\\w*)*").matcher(line);
        while (m.find()) {
            if (!granted.contains(m.group())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void noOtherModuleSplitsACorePackage() throws IOException {
        Set<String> corePackages = PublishedJar.ALL.get(0).packages();
        List<String> split = new ArrayList<>();
        for (String module : OUTSIDE_CORE) {
            for (String tree : List.of("src/main/java", "src/test/java")) {
                Path root = Repository.root().resolve(module).resolve(tree);
                if (!Files.isDirectory(root)) {
                    continue; // a module without tests
                }
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .map(f -> root.relativize(f.getParent()).toString().replace('\\', '/').replace('/', '.'))
                            .distinct()
                            .filter(corePackages::contains)
                            .forEach(p -> split.add(module + "/" + tree + ": " + p));
                }
            }
        }
        assertThat(split).as("packages of llmrouter-core declared again in another module (a split package: it "
                + "breaks on the module path; reach internals through a qualified export instead)").isEmpty();
    }

    /** One line per member of {@code c} (or {@code c} itself) whose signature names an internal type. */
    static List<String> internalMentions(Class<?> c) {
        List<String> out = new ArrayList<>();
        List<Type> header = new ArrayList<>();
        if (c.getGenericSuperclass() != null) {
            header.add(c.getGenericSuperclass());
        }
        header.addAll(Arrays.asList(c.getGenericInterfaces()));
        header.addAll(bounds(c));
        if (c.isSealed()) {
            header.addAll(Arrays.asList(c.getPermittedSubclasses()));
        }
        report(out, c.getTypeName(), header);
        for (Field f : c.getDeclaredFields()) {
            if (ApiSurface.exposed(f.getModifiers()) && !f.isSynthetic()) {
                report(out, c.getTypeName() + "#" + f.getName(), List.of(f.getGenericType()));
            }
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (ApiSurface.exposed(k.getModifiers()) && !k.isSynthetic()) {
                List<Type> types = new ArrayList<>(Arrays.asList(k.getGenericParameterTypes()));
                types.addAll(Arrays.asList(k.getGenericExceptionTypes()));
                types.addAll(bounds(k));
                report(out, c.getTypeName() + "#<init>", types);
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (ApiSurface.exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                List<Type> types = new ArrayList<>(Arrays.asList(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                types.addAll(Arrays.asList(m.getGenericExceptionTypes()));
                types.addAll(bounds(m));
                report(out, c.getTypeName() + "#" + m.getName(), types);
            }
        }
        return out;
    }

    private static List<Type> bounds(GenericDeclaration d) {
        return Arrays.stream(d.getTypeParameters()).flatMap(v -> Arrays.stream(v.getBounds())).toList();
    }

    private static void report(List<String> out, String where, List<Type> types) {
        Set<String> internal = new TreeSet<>();
        Set<Type> seen = new HashSet<>();
        for (Type t : types) {
            collect(t, internal, seen);
        }
        internal.forEach(name -> out.add(where + " names " + name));
    }

    private static void collect(Type t, Set<String> internal, Set<Type> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof Class<?> k) {
            while (k.isArray()) {
                k = k.getComponentType();
            }
            if (isInternal(k.getPackageName())) {
                internal.add(k.getTypeName());
            }
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), internal, seen);
            collect(p.getOwnerType(), internal, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, internal, seen);
            }
        } else if (t instanceof WildcardType w) {
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
                    .forEach(b -> collect(b, internal, seen));
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, internal, seen);
            }
        } else if (t instanceof GenericArrayType g) {
            collect(g.getGenericComponentType(), internal, seen);
        }
    }

    static boolean isInternal(String packageName) {
        // dev.llmrouter.internal.* and any other module's ...internal... package
        return Arrays.asList(packageName.split("\\.")).contains("internal");
    }
}
