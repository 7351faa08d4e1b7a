package dev.llmrouter.internal.config.bind;

import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.rules.Gaps;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * State shared by the binders of one load: the problem collector, variable interpolation, where
 * missing variables go (reported at once, or held back while a provider's status is unknown), and
 * the names whose definitions could not be bound (so that references to them are not reported a
 * second time). Not thread-safe: one per load.
 */
public final class BindContext {
    private final Problems problems;
    private final Interpolator interpolator;
    private final Set<String> brokenProviders = new LinkedHashSet<>();
    private final Set<String> incompleteModels = new LinkedHashSet<>();
    private Consumer<MissingVariable> missingSink;

    /** A context reporting into {@code problems} and reading variables through {@code env}. */
    public BindContext(Problems problems, Function<String, String> env) {
        this.problems = problems;
        this.interpolator = new Interpolator(env);
        this.missingSink = this::reportMissing;
    }

    /** The problem collector. */
    public Problems problems() {
        return problems;
    }

    /** The interpolator. */
    public Interpolator interpolator() {
        return interpolator;
    }

    /** {@code raw} with variables expanded; missing ones go to the current sink. */
    public String expand(String raw, Location at) {
        return interpolator.expand(raw, at, missingSink,
                msg -> problems.unresolvedAt(at, msg, "write ${NAME} or ${NAME:-default}; $${ writes a literal ${"));
    }

    /** Hands a missing variable to the current sink. */
    public void missing(MissingVariable v) {
        missingSink.accept(v);
    }

    /** Reports a missing variable where no provider status decides about it. */
    public void reportMissing(MissingVariable v) {
        problems.unresolvedAt(v.at(), "environment variable " + v.name() + " is not set",
                "export " + v.name() + " before starting, or give a default with ${" + v.name() + ":-value}");
    }

    /** Runs {@code body} with missing variables collected instead of reported; returns them. */
    public List<MissingVariable> collectingMissing(Runnable body) {
        List<MissingVariable> held = new ArrayList<>();
        Consumer<MissingVariable> previous = missingSink;
        missingSink = held::add;
        try {
            body.run();
        } finally {
            missingSink = previous;
        }
        return held;
    }

    /** Notes a provider whose definition could not be bound. */
    public void brokenProvider(String name) {
        brokenProviders.add(name);
    }

    /** Notes a model group some of whose definition could not be bound. */
    public void incompleteModel(String name) {
        incompleteModels.add(name);
    }

    /** The names that failed to bind, for the rules. */
    public Gaps gaps() {
        return new Gaps(brokenProviders, incompleteModels);
    }
}
