package dev.llmrouter.internal.config.bind;

import dev.llmrouter.internal.config.Location;

/**
 * An environment variable a value refers to that is not set (or is empty), and where.
 *
 * @param name the variable
 * @param at where the reference is written
 */
public record MissingVariable(String name, Location at) {
}
