package io.portagent.app;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.runtime.ObjectMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On Java 17 the JDK keeps, in a one-entry cache of a few static method handles behind every
 * record's {@code equals}, {@code hashCode} and {@code toString}, the last record type it adapted
 * them to. After an undeploy that is one of ours, which keeps the whole WAR's class loader alive
 * (seen on Open Liberty). Building those methods once for a JDK type ({@code String}) at shutdown
 * puts a JDK type in each cache instead. Newer JDKs do not hold the types strongly; there it
 * changes nothing.
 */
final class RecordMethodCaches {

    private static final Logger LOG = LoggerFactory.getLogger(RecordMethodCaches.class);

    private RecordMethodCaches() {
    }

    static void release() {
        MethodHandle getter = MethodHandles.identity(String.class);
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            ObjectMethods.bootstrap(lookup, "equals", MethodType.methodType(boolean.class, String.class, Object.class),
                    String.class, "value", getter);
            ObjectMethods.bootstrap(lookup, "hashCode", MethodType.methodType(int.class, String.class),
                    String.class, "value", getter);
            ObjectMethods.bootstrap(lookup, "toString", MethodType.methodType(String.class, String.class),
                    String.class, "value", getter);
        } catch (Throwable e) {
            LOG.debug("Could not reset the JDK's record method caches: {}", e.toString());
        }
    }
}
