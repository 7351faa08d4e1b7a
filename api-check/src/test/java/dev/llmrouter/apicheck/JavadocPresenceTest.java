package dev.llmrouter.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every public or protected type, constructor, method, field and enum constant of an exported
 * package has a doc comment. Reads the sources (parse only, no compilation), so it is quick; the
 * Javadoc's own correctness (references, HTML) is checked by javac's doclint in sdk-core.
 */
@Tag("unit")
class JavadocPresenceTest {

    static final List<PublishedJar> JARS = PublishedJar.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("JARS")
    void everyPublicElementOfAnExportedPackageHasADocComment(PublishedJar jar) throws IOException {
        Set<String> exported = jar.exportedPackages();
        Path sources = Repository.root().resolve(jar.dir()).resolve("src/main/java");
        List<Path> files;
        try (Stream<Path> all = Files.walk(sources)) {
            files = all.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> !f.getFileName().toString().equals("module-info.java"))
                    .filter(f -> !f.getFileName().toString().equals("package-info.java"))
                    .filter(f -> exported.contains(packageOf(sources.relativize(f.getParent()))))
                    .toList();
        }
        assertThat(files).as("sources of %s's exported packages under %s", jar.artifactId(), sources).isNotEmpty();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> undocumented = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) javac.getTask(null, fm, null, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                new Finder(docs, unit, undocumented).scan(unit, null);
            }
        }
        assertThat(undocumented).as("public or protected elements of %s without a doc comment", jar.artifactId())
                .isEmpty();
    }

    private static String packageOf(Path relativeDir) {
        return relativeDir.toString().replace('\\', '/').replace('/', '.');
    }

    /** Walks the visible declarations of one file, noting those without a doc comment. */
    private static final class Finder extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final CompilationUnitTree unit;
        private final List<String> out;
        private final List<ClassTree> enclosing = new ArrayList<>();

        Finder(DocTrees docs, CompilationUnitTree unit, List<String> out) {
            this.docs = docs;
            this.unit = unit;
            this.out = out;
        }

        @Override
        public Void visitClass(ClassTree c, Void unused) {
            if (!visible(c.getModifiers())) {
                return null; // nothing inside a hidden type is visible
            }
            check(c.getSimpleName().toString());
            enclosing.add(c);
            try {
                return super.visitClass(c, unused);
            } finally {
                enclosing.remove(enclosing.size() - 1);
            }
        }

        @Override
        public Void visitMethod(MethodTree m, Void unused) {
            // an @Override inherits its doc comment (as javadoc and doclint have it)
            boolean overrides = m.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().endsWith("Override"));
            if (visible(m.getModifiers()) && !overrides) {
                String name = m.getName().contentEquals("<init>") ? owner().getSimpleName() + "(constructor)"
                        : m.getName().toString();
                check(name);
            }
            return null; // never descend into bodies (anonymous and local classes are not visible)
        }

        @Override
        public Void visitVariable(VariableTree v, Void unused) {
            if (visible(v.getModifiers())) {
                check(v.getName().toString());
            }
            return null;
        }

        private void check(String name) {
            TreePath path = getCurrentPath();
            if (docs.getDocCommentTree(path) == null) {
                long line = unit.getLineMap().getLineNumber(docs.getSourcePositions()
                        .getStartPosition(unit, path.getLeaf()));
                String where = enclosing.isEmpty() ? "" : owner().getSimpleName() + ".";
                out.add(Path.of(unit.getSourceFile().toUri()).getFileName() + ":" + line + " " + where + name);
            }
        }

        private ClassTree owner() {
            return enclosing.get(enclosing.size() - 1);
        }

        /** Public or protected, counting the implicit public of interface and annotation members. */
        private boolean visible(ModifiersTree m) {
            // the parser gives enum constants explicit public static final flags
            Set<Modifier> flags = m.getFlags();
            if (flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)) {
                return true;
            }
            if (enclosing.isEmpty() || flags.contains(Modifier.PRIVATE)) {
                return false;
            }
            Tree.Kind kind = owner().getKind();
            return kind == Tree.Kind.INTERFACE || kind == Tree.Kind.ANNOTATION_TYPE;
        }
    }
}
