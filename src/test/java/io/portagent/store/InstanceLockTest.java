package io.portagent.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {

    @TempDir
    Path root;

    @Test
    void aSecondHolderIsRefusedWithTheDirectoryAndTheOwner() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        try (InstanceLock first = InstanceLock.acquire(data)) {
            StartupException e = assertThrows(StartupException.class, () -> InstanceLock.acquire(data));
            assertTrue(e.getMessage().contains("Another Portagent instance is already using the data directory "
                    + root), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
        }
    }

    @Test
    void releasingTheLockLetsTheNextInstanceIn() throws Exception {
        Path data = Files.createDirectories(root.resolve("data"));
        InstanceLock.acquire(data).close();
        InstanceLock.acquire(data).close();
    }
}
