package io.portagent.agent;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;

/**
 * A switch in front of a real SQLite DataSource: while a delay is set, preparing a statement
 * that contains {@code sqlFragment} waits that long first, as a store on a busy disk would.
 * Everything else goes straight to SQLite.
 */
final class SlowStore {

    private final String sqlFragment;
    private final AtomicInteger delayed = new AtomicInteger();
    private volatile Duration delay = Duration.ZERO;

    SlowStore(String sqlFragment) {
        this.sqlFragment = sqlFragment;
    }

    void delay(Duration value) {
        delay = value;
    }

    /** How many statements were held back so far. */
    int delayed() {
        return delayed.get();
    }

    DataSource wrap(DataSource real) {
        return proxy(DataSource.class, real, (method, args) -> method.getName().equals("getConnection")
                ? connection((Connection) method.invoke(real, args)) : method.invoke(real, args));
    }

    private Connection connection(Connection real) {
        return proxy(Connection.class, real, (method, args) -> {
            if (method.getName().equals("prepareStatement") && ((String) args[0]).contains(sqlFragment)
                    && !delay.isZero()) {
                delayed.incrementAndGet();
                LockSupport.parkNanos(delay.toNanos());
            }
            return method.invoke(real, args);
        });
    }

    @FunctionalInterface
    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T real, Call call) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(SlowStore.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
