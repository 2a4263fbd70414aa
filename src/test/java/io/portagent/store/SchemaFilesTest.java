package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every migration exists in both dialects, and every file in the folders is one Schemas names. */
class SchemaFilesTest {

    @Test
    void eachSchemaHasTheSameVersionsForSqliteAndPostgresql() throws IOException {
        for (Schema schema : List.of(Schemas.PORTAGENT, Schemas.AGENTX)) {
            for (Dialect dialect : Dialect.values()) {
                for (String file : schema.files(dialect)) {
                    assertNotNull(Schema.class.getClassLoader().getResource(file), file + " is missing");
                }
                Path folder = Path.of("src/main/resources", schema.folder(dialect));
                try (Stream<Path> files = Files.list(folder)) {
                    assertEquals(schema.files(dialect).stream().sorted().toList(), files
                            .map(f -> schema.folder(dialect) + "/" + f.getFileName()).sorted().toList(),
                            "files in " + folder + " that Schemas does not name are never applied");
                }
            }
        }
    }
}
