package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {

    @TempDir
    Path tmp;

    @Test
    void createsTheLayout() {
        Path root = tmp.resolve("agentx");
        DataDirectory.prepare(root);
        for (String sub : new String[] {"data", "containers", "logs"}) {
            assertTrue(Files.isDirectory(root.resolve(sub)), sub);
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedNamesThePathTheUserAndTheFix() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        Path root = file.resolve("agentx");
        StartupException e = assertThrows(StartupException.class, () -> DataDirectory.prepare(root));
        String user = System.getProperty("user.name");
        assertTrue(e.getMessage().startsWith("Data directory " + root + " cannot be created or written by OS user '"
                + user + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("chown -R " + user + " " + root), e.getMessage());
        assertTrue(e.getMessage().contains("AGENTX_DIR / --data-dir"), e.getMessage());
    }
}
