package dev.llmrouter.apicheck.internal;

/** A stand-in internal type for the checker's own tests. */
public class Hidden {
}
