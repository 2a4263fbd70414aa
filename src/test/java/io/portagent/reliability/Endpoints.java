package io.portagent.reliability;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a caller can reach, found in the code rather than kept by hand: every resource method of
 * every {@code @ApplicationPath} application (the application's own {@code getClasses()}, walked
 * by reflection), every {@code @WebServlet}, and every WebSocket request type of
 * {@code ws.RequestType}. An endpoint added later joins the matrix by itself.
 */
final class Endpoints {

    /** One HTTP endpoint: method, path template relative to the context root, and whether anyone may call it. */
    record Endpoint(String method, String template, boolean open) {

        private static final Pattern PARAM = Pattern.compile("\\{(\\w+)(?::[^}]*)?}");

        /** The template's parameters, in order. */
        List<String> params() {
            List<String> names = new ArrayList<>();
            Matcher m = PARAM.matcher(template);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        /** The path with every parameter replaced by {@code value.apply(name)}. */
        String fill(java.util.function.Function<String, String> value) {
            Matcher m = PARAM.matcher(template);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(value.apply(m.group(1))));
            }
            m.appendTail(out);
            return out.toString();
        }

        @Override
        public String toString() {
            return method + " " + template;
        }
    }

    private static final String[] APPLICATIONS = {"io.portagent.app.ApiApplication", "io.portagent.app.AgentxApplication"};
    /**
     * The servlets that need a credential of their own; every other {@code @WebServlet} of the
     * application (found by scanning its classes, so a new one joins by itself) is open to anyone
     * (/health, /metrics from loopback as here, the OpenID Connect legs).
     */
    private static final java.util.Set<String> CREDENTIALED_SERVLETS = java.util.Set.of(
            "io.portagent.http.gateway.GatewayServlet");

    private Endpoints() {
    }

    /** Every JAX-RS resource method, then the servlets (GET and POST each, their wildcards as {@code {rest}}). */
    static List<Endpoint> http() {
        List<Endpoint> all = new ArrayList<>();
        for (String name : APPLICATIONS) {
            Class<?> type = load(name);
            String root = type.getAnnotation(ApplicationPath.class).value();
            Application application = instantiate(type);
            for (Class<?> resource : application.getClasses()) {
                if (resource.isAnnotationPresent(Path.class)) {
                    walk(all, join(root, resource.getAnnotation(Path.class).value()), resource);
                }
            }
        }
        for (Class<?> servlet : servlets()) {
            boolean open = !CREDENTIALED_SERVLETS.contains(servlet.getName());
            for (String pattern : servlet.getAnnotation(WebServlet.class).urlPatterns()) {
                String template = pattern.substring(1).replace("*", "{rest}");
                all.add(new Endpoint("GET", template, open));
                all.add(new Endpoint("POST", template, open));
            }
        }
        all.sort(Comparator.comparing(Endpoint::template).thenComparing(Endpoint::method));
        return all;
    }

    /** Every class of the application annotated {@code @WebServlet}, from the folder its classes were compiled to. */
    static List<Class<?>> servlets() {
        try {
            java.nio.file.Path root = java.nio.file.Path.of(load(APPLICATIONS[0]).getProtectionDomain().getCodeSource()
                    .getLocation().toURI());
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
                List<Class<?>> found = files.map(f -> root.relativize(f).toString())
                        .filter(f -> f.endsWith(".class") && !f.contains("$"))
                        .<Class<?>>map(f -> load(f.substring(0, f.length() - ".class".length()).replace(java.io.File.separatorChar, '.')))
                        .filter(c -> c.isAnnotationPresent(WebServlet.class))
                        .sorted(Comparator.comparing(Class::getName)).toList();
                if (found.size() < 3) {
                    throw new IllegalStateException("only " + found + " found under " + root);
                }
                return found;
            }
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the application's classes: " + e, e);
        }
    }

    private static void walk(List<Endpoint> all, String base, Class<?> resource) {
        boolean classOpen = resource.isAnnotationPresent(PermitAll.class);
        for (Method method : resource.getMethods()) {
            String verb = Arrays.stream(method.getAnnotations()).map(a -> a.annotationType().getAnnotation(HttpMethod.class))
                    .filter(java.util.Objects::nonNull).map(HttpMethod::value).findFirst().orElse(null);
            if (verb == null) {
                continue;
            }
            String path = method.isAnnotationPresent(Path.class) ? join(base, method.getAnnotation(Path.class).value())
                    : base;
            all.add(new Endpoint(verb, path, method.isAnnotationPresent(PermitAll.class) || classOpen));
        }
    }

    private static String join(String a, String b) {
        String left = a.replaceAll("^/+|/+$", "");
        String right = b.replaceAll("^/+|/+$", "");
        return left.isEmpty() ? right : right.isEmpty() ? left : left + "/" + right;
    }

    /** The wire names ({@code <name>_request}) of every WebSocket request type. */
    static List<String> webSocketRequests() {
        try {
            Class<?> type = load("io.portagent.ws.RequestType");
            Method wireName = type.getDeclaredMethod("wireName");
            wireName.setAccessible(true);
            List<String> names = new ArrayList<>();
            for (Object constant : type.getEnumConstants()) {
                names.add(wireName.invoke(constant) + "_request");
            }
            return names;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ws.RequestType changed shape: " + e, e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Endpoints.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " moved: update the suite's list of roots", e);
        }
    }

    private static Application instantiate(Class<?> type) {
        try {
            return (Application) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
