package io.portagent.store;

import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;

/** A DataSource and where it came from: a JNDI resource, or one this application built on a file. */
public record DataSourceChoice(DataSource dataSource, Optional<Path> file, String origin) {

    /** How the summary and errors name it: the file when known, and its origin. */
    public String describe() {
        return file.map(Path::toString).orElse("(file unknown)") + " (" + origin + ")";
    }
}
