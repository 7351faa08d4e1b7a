package dev.llmrouter.cli.terminal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What Ctrl-C does. While an answer is being received, a Ctrl-C runs the action registered with
 * {@link #whileBusy} (closing the stream, which cancels the request); otherwise it runs the idle
 * action (the program ends). {@link #installOnSigint} routes the process's SIGINT here through
 * {@code sun.misc.Signal}, looked up by reflection so the CLI still runs, with the JVM's default
 * Ctrl-C behaviour, where that class is missing. Thread-safe: the signal arrives on its own thread.
 */
public final class InterruptSignal {
    private final AtomicReference<Runnable> busyAction = new AtomicReference<>();
    private final Runnable idleAction;

    /** A signal that runs {@code idleAction} when no answer is in progress. */
    public InterruptSignal(Runnable idleAction) {
        this.idleAction = idleAction;
    }

    /**
     * Registers what Ctrl-C does until the returned scope is closed (use try-with-resources).
     *
     * @param cancel run on Ctrl-C, from the signal's thread
     */
    public Scope whileBusy(Runnable cancel) {
        busyAction.set(cancel);
        return () -> busyAction.compareAndSet(cancel, null);
    }

    /** Delivers one Ctrl-C: cancels the answer in progress, or runs the idle action. */
    public void fire() {
        Runnable cancel = busyAction.getAndSet(null);
        if (cancel != null) {
            cancel.run();
        } else {
            idleAction.run();
        }
    }

    /**
     * Routes SIGINT to {@link #fire()}.
     *
     * @return true when installed; false when the platform offers no way to (Ctrl-C then ends the JVM as usual)
     */
    public boolean installOnSigint() {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object sigint = signalClass.getConstructor(String.class).newInstance("INT");
            Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> dispatch(proxy, method, args));
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, sigint, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private Object dispatch(Object proxy, Method method, Object[] args) {
        switch (method.getName()) {
            case "handle" -> fire();
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "toString" -> {
                return "llmrouter Ctrl-C handler";
            }
            default -> {
                // no other method exists on SignalHandler
            }
        }
        return null;
    }

    /** The registration made by {@link #whileBusy}; closing it restores the idle behaviour. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        /** Unregisters the busy action (if it is still the registered one). */
        @Override
        void close();
    }
}
