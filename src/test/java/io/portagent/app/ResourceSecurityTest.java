package io.portagent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.http.AuthResource;
import io.portagent.http.InfoResource;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secure by default, checked over the compiled classes rather than a hand-kept list, so a new
 * resource is caught even before anyone registers it: every JAX-RS resource class is
 * {@code @DenyAll}, every resource method says who may call it, and every root resource is
 * served by one of the {@code @ApplicationPath} applications.
 */
class ResourceSecurityTest {

    private static List<Class<?>> classes;

    @BeforeAll
    static void scan() throws IOException, URISyntaxException {
        Path root = Path.of(ApiApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(root.resolve("io/portagent"))) {
            classes = files.filter(f -> f.toString().endsWith(".class")).filter(ResourceSecurityTest::mentionsJaxRs)
                    .<Class<?>>map(f -> load(root.relativize(f))).toList();
        }
    }

    /** Only classes whose constant pool names a JAX-RS type are loaded: the rest cannot be resources. */
    private static boolean mentionsJaxRs(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("jakarta/ws/rs/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(Path relative) {
        String name = relative.toString().replace(relative.getFileSystem().getSeparator(), ".")
                .replaceAll("\\.class$", "");
        try {
            return Class.forName(name, false, ResourceSecurityTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(name + " was compiled but cannot be loaded", e);
        }
    }

    private static List<Class<?>> resources() {
        return classes.stream().filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class)
                || Arrays.stream(c.getDeclaredMethods()).anyMatch(ResourceSecurityTest::isResourceMethod)).toList();
    }

    private static boolean isResourceMethod(Method method) {
        return !method.isSynthetic() && (method.isAnnotationPresent(jakarta.ws.rs.Path.class)
                || Arrays.stream(method.getAnnotations()).anyMatch(a -> a.annotationType()
                        .isAnnotationPresent(HttpMethod.class)));
    }

    @Test
    void theScanFindsTheKnownResources() {
        assertTrue(resources().containsAll(List.of(AuthResource.class, InfoResource.class)),
                () -> "found only " + resources());
    }

    @Test
    void everyResourceClassIsDenyAll() {
        List<String> open = resources().stream().filter(c -> !c.isAnnotationPresent(DenyAll.class))
                .map(c -> c.getName() + " has no @DenyAll").toList();
        assertEquals(List.of(), open);
    }

    @Test
    void everyResourceMethodSaysWhoMayCallIt() {
        List<String> unsaid = new ArrayList<>();
        for (Class<?> resource : resources()) {
            for (Method method : resource.getDeclaredMethods()) {
                if (isResourceMethod(method) && !method.isAnnotationPresent(PermitAll.class)
                        && !method.isAnnotationPresent(RolesAllowed.class)) {
                    unsaid.add(resource.getName() + "#" + method.getName()
                            + " has neither @PermitAll nor @RolesAllowed");
                }
            }
        }
        assertEquals(List.of(), unsaid);
    }

    @Test
    void everyResourceMethodIsPublic() {
        // JAX-RS ignores a non-public method silently: its annotations would promise nothing
        List<String> hidden = resources().stream().flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(m -> isResourceMethod(m) && !Modifier.isPublic(m.getModifiers()))
                .map(m -> m.getDeclaringClass().getName() + "#" + m.getName() + " is not public").toList();
        assertEquals(List.of(), hidden);
    }

    @Test
    void everyRootResourceHasAPublicConstructorWithoutArguments() {
        // RESTEasy (WildFly, Liberty) refuses to deploy a CDI resource without one; Jersey does not mind
        List<String> refused = resources().stream().filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .filter(c -> Arrays.stream(c.getDeclaredConstructors())
                        .noneMatch(k -> k.getParameterCount() == 0 && Modifier.isPublic(k.getModifiers())))
                .map(Class::getName).toList();
        assertEquals(List.of(), refused);
    }

    @Test
    void everyRootResourceIsServedByAnApplication() {
        Set<Class<?>> served = new HashSet<>();
        List<Class<?>> applications = classes.stream().filter(c -> c.isAnnotationPresent(ApplicationPath.class))
                .toList();
        assertTrue(applications.containsAll(List.of(ApiApplication.class, AgentxApplication.class)),
                () -> "found only " + applications);
        applications.forEach(a -> served.addAll(instance(a).getClasses()));
        Set<String> unserved = resources().stream().filter(c -> c.isAnnotationPresent(jakarta.ws.rs.Path.class))
                .filter(c -> !served.contains(c)).map(c -> c.getName() + " is in no Application")
                .collect(Collectors.toSet());
        assertEquals(Set.of(), unserved);
    }

    private static Application instance(Class<?> type) {
        try {
            return (Application) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " cannot be instantiated as JAX-RS does", e);
        }
    }
}
