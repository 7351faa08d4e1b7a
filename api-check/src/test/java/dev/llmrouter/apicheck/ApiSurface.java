package dev.llmrouter.apicheck;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericDeclaration;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The public surface of a jar as text: one line per visible type and per public or protected
 * member it declares, each line starting with its type's name, sorted. Generic signatures are
 * written out, so a changed type argument shows as a changed line.
 */
final class ApiSurface {

    private ApiSurface() {
    }

    /** The sorted surface lines of {@code jar}. */
    static List<String> of(PublishedJar jar) {
        TreeSet<String> lines = new TreeSet<>();
        for (Class<?> c : jar.visibleTypes()) {
            String owner = c.getTypeName();
            lines.add(owner + " " + typeLine(c));
            for (Field f : c.getDeclaredFields()) {
                if (exposed(f.getModifiers()) && !f.isSynthetic()) {
                    lines.add(owner + " " + modifiers(f.getModifiers() & Modifier.fieldModifiers() & ~Modifier.VOLATILE
                            & ~Modifier.TRANSIENT) + f.getGenericType().getTypeName() + " " + f.getName());
                }
            }
            for (Constructor<?> k : c.getDeclaredConstructors()) {
                if (exposed(k.getModifiers()) && !k.isSynthetic()) {
                    lines.add(owner + " " + modifiers(k.getModifiers() & Modifier.constructorModifiers())
                            + typeParameters(k) + "<init>" + parameters(k) + exceptions(k));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (exposed(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(owner + " " + (m.isDefault() ? "default " : "")
                            + modifiers(m.getModifiers() & Modifier.methodModifiers() & ~Modifier.SYNCHRONIZED
                            & ~Modifier.NATIVE & ~Modifier.STRICT)
                            + typeParameters(m) + m.getGenericReturnType().getTypeName() + " " + m.getName()
                            + parameters(m) + exceptions(m));
                }
            }
        }
        return List.copyOf(lines);
    }

    static boolean exposed(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static String typeLine(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int mask = Modifier.classModifiers();
        if (c.isInterface()) {
            mask &= ~Modifier.ABSTRACT;
        }
        if (c.isEnum() || c.isRecord()) {
            mask &= ~Modifier.FINAL; // implied by the kind
        }
        if (c.isEnum() || c.isRecord() || c.isInterface()) {
            mask &= ~Modifier.STATIC; // implied for member types of these kinds
        }
        StringBuilder b = new StringBuilder(modifiers(c.getModifiers() & mask));
        if (c.isSealed()) {
            b.append("sealed ");
        }
        b.append(kind).append(' ').append(c.getSimpleName()).append(typeParameters(c));
        Type sup = c.getGenericSuperclass();
        if (sup != null && sup != Object.class && !c.isEnum() && !c.isRecord()) {
            b.append(" extends ").append(sup.getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0 && !c.isAnnotation()) {
            b.append(c.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (c.isSealed()) {
            b.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getTypeName)
                    .collect(Collectors.joining(", ")));
        }
        return b.toString();
    }

    private static String modifiers(int bits) {
        String s = Modifier.toString(bits);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String typeParameters(GenericDeclaration d) {
        TypeVariable<?>[] vars = d.getTypeParameters();
        if (vars.length == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            Type[] bounds = v.getBounds();
            boolean plain = bounds.length == 1 && bounds[0] == Object.class;
            out.add(plain ? v.getName() : v.getName() + " extends "
                    + Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & ")));
        }
        String s = "<" + String.join(", ", out) + ">";
        return d instanceof Class<?> ? s : s + " ";
    }

    private static String parameters(Executable e) {
        Type[] types = e.getGenericParameterTypes();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String t = types[i].getTypeName();
            if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]")) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            out.add(t);
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String exceptions(Executable e) {
        Type[] thrown = e.getGenericExceptionTypes();
        return thrown.length == 0 ? ""
                : " throws " + Arrays.stream(thrown).map(Type::getTypeName).collect(Collectors.joining(", "));
    }
}
