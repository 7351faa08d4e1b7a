package dev.llmrouter.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The public surface of each published jar is recorded in {@code api-check/api/<artifactId>.api};
 * a change to it fails here with the lines added and removed, so that it shows in review.
 * Regenerate the files with {@value #REGENERATE}.
 */
@Tag("unit")
class ApiSurfaceTest {

    static final String REGENERATE = "./mvnw -B -q -pl api-check -am test -Dtest=ApiSurfaceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dllmrouter.api.update=true";

    static final List<PublishedJar> JARS = PublishedJar.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("JARS")
    void recordedSurfaceMatchesTheCompiledClasses(PublishedJar jar) throws IOException {
        List<String> actual = ApiSurface.of(jar);
        Path file = Repository.root().resolve("api-check/api/" + jar.artifactId() + ".api");
        if (Boolean.getBoolean("llmrouter.api.update")) {
            Files.createDirectories(file.getParent());
            Files.write(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("the recorded surface of %s; create it with %s", jar.artifactId(), REGENERATE).exists();
        List<String> recorded = Files.readAllLines(file, StandardCharsets.UTF_8);
        String diff = diff(recorded, actual);
        assertThat(diff)
                .as("the public surface of %s changed (+ new, - gone). If that is intended, regenerate %s with:%n  %s%n",
                        jar.artifactId(), file, REGENERATE)
                .isEmpty();
    }

    /** The lines only in {@code actual} ("+ ") and only in {@code recorded} ("- "), in order. */
    static String diff(List<String> recorded, List<String> actual) {
        Set<String> before = new LinkedHashSet<>(recorded);
        Set<String> after = new LinkedHashSet<>(actual);
        List<String> out = new ArrayList<>();
        for (String line : recorded) {
            if (!after.contains(line)) {
                out.add("- " + line);
            }
        }
        for (String line : actual) {
            if (!before.contains(line)) {
                out.add("+ " + line);
            }
        }
        return String.join(System.lineSeparator(), out);
    }
}
