package io.portagent.store;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SQLite and PostgreSQL drivers register themselves with the JVM-wide DriverManager; undo that when the application stops. */
public final class JdbcDrivers {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);

    private JdbcDrivers() {
    }

    /** Deregisters every driver this web application's class loader registered, so an undeploy leaks none. */
    public static void deregisterOurs() {
        ClassLoader ours = JdbcDrivers.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                    LOG.debug("Deregistered JDBC driver {}", driver.getClass().getName());
                } catch (SQLException e) {
                    LOG.warn("Deregistering JDBC driver {} failed: {}", driver, e.getMessage());
                }
            }
        }
    }
}
