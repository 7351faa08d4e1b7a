package dev.llmrouter.apicheck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One jar llmrouter publishes, read from its compiled classes (the reactor's {@code target/classes}
 * or its packaged jar, whichever the test class path holds).
 *
 * @param dir        the module's folder in the repository
 * @param artifactId the published artifact
 * @param anchor     a class of the jar, to find where its classes are
 */
record PublishedJar(String dir, String artifactId, String anchor) {

    /** Every jar llmrouter publishes. */
    static final List<PublishedJar> ALL = List.of(
            new PublishedJar("sdk-core", "llmrouter-core", "dev.llmrouter.LlmRouter"),
            new PublishedJar("sdk-redis", "llmrouter-redis", "dev.llmrouter.redis.RedisStateProvider"),
            new PublishedJar("sdk-langchain4j", "llmrouter-langchain4j", "dev.llmrouter.langchain4j.LlmRouterChatModel"),
            new PublishedJar("sdk-spring-starter", "llmrouter-spring-boot-starter", "dev.llmrouter.spring.LlmRouterCustomizer"));

    /** Where the jar's classes are: a directory or a jar file. */
    Path root() {
        try {
            Class<?> c = Class.forName(anchor, false, PublishedJar.class.getClassLoader());
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new IllegalStateException(artifactId + ": its class " + anchor + " is not on the test class path", e);
        }
    }

    /** The module descriptor compiled into the jar, if it has one (else it is an automatic module). */
    Optional<ModuleDescriptor> descriptor() {
        if (!Files.exists(root().resolve("module-info.class")) && !Files.isRegularFile(root())) {
            return Optional.empty();
        }
        return ModuleFinder.of(root()).findAll().stream()
                .map(ref -> ref.descriptor())
                .filter(d -> !d.isAutomatic())
                .findFirst();
    }

    /** Binary names of all classes in the jar, sorted. */
    Set<String> classNames() {
        Path root = root();
        if (Files.isDirectory(root)) {
            return classNamesUnder(root);
        }
        try (FileSystem zip = FileSystems.newFileSystem(root)) {
            return classNamesUnder(zip.getPath("/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> classNamesUnder(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.endsWith(".class") && !p.startsWith("META-INF/"))
                    .filter(p -> !p.endsWith("module-info.class") && !p.endsWith("package-info.class"))
                    .map(p -> p.substring(0, p.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every package of the jar. */
    Set<String> packages() {
        return classNames().stream().map(PublishedJar::packageOf).collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The packages exported to everyone: the descriptor's unqualified exports, or every package of
     * an automatic module.
     */
    Set<String> exportedPackages() {
        return descriptor()
                .map(d -> d.exports().stream()
                        .filter(e -> !e.isQualified())
                        .map(ModuleDescriptor.Exports::source)
                        .collect(Collectors.toCollection(TreeSet::new)))
                .orElseGet(() -> new TreeSet<>(packages()));
    }

    /**
     * The types a user of the jar can name: public top-level types of the exported packages and
     * their public or protected member types, in name order.
     */
    List<Class<?>> visibleTypes() {
        Set<String> exported = exportedPackages();
        List<Class<?>> out = new ArrayList<>();
        for (String name : classNames()) {
            if (!exported.contains(packageOf(name))) {
                continue;
            }
            Class<?> c = load(name);
            if (isVisible(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The classes of the given packages, loaded without initialising them. */
    List<Class<?>> classesIn(Set<String> packages) {
        return classNames().stream().filter(n -> packages.contains(packageOf(n))).map(PublishedJar::load).toList();
    }

    static boolean isVisible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
            int m = k.getModifiers();
            boolean open = Modifier.isPublic(m) || (k.getDeclaringClass() != null && Modifier.isProtected(m));
            if (!open) {
                return false;
            }
        }
        return true;
    }

    static String packageOf(String binaryName) {
        int dot = binaryName.lastIndexOf('.');
        return dot < 0 ? "" : binaryName.substring(0, dot);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublishedJar.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load " + name + ": " + e, e);
        }
    }
}
