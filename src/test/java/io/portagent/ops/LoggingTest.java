package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import io.portagent.config.LogLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {

    @TempDir
    Path logs;

    @AfterEach
    void reset() {
        Logging.stop();
    }

    @Test
    void rotatesIntoNumberedFilesAndKeepsSevenTheAuditLogApart() throws Exception {
        Logging.configure(logs, LogLevel.INFO, FileSize.valueOf("2KB"), Duration.buildByMilliseconds(0));
        Logger log = LoggerFactory.getLogger("rotation-test");
        Logger audit = LoggerFactory.getLogger(io.portagent.auth.Audit.LOGGER);
        String line = "x".repeat(200);
        for (int i = 0; i < 400; i++) {
            log.info("{} {}", i, line);
            audit.info("{\"audit\":{},\"pad\":\"{}\"}", i, line);
        }
        Logging.stop();
        List<String> names;
        try (Stream<Path> files = Files.list(logs)) {
            names = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertEquals(List.of("audit.log", "audit.log.1", "audit.log.2", "audit.log.3", "audit.log.4", "audit.log.5",
                "audit.log.6", "audit.log.7", "portagent.log", "portagent.log.1", "portagent.log.2",
                "portagent.log.3", "portagent.log.4", "portagent.log.5", "portagent.log.6", "portagent.log.7"), names);
        assertFalse(Files.readString(logs.resolve("portagent.log")).contains("audit"));
        assertTrue(Files.readString(logs.resolve("audit.log")).lines()
                .allMatch(l -> l.matches("\\{\"audit\":\\d+,\"pad\":\"x+\"}")), "only the audit lines, as they are");
    }

    @Test
    void honoursTheLevel() throws Exception {
        Logging.configure(logs, LogLevel.WARN, FileSize.valueOf("1MB"), Duration.buildByMilliseconds(0));
        Logger log = LoggerFactory.getLogger("level-test");
        log.info("quiet info line");
        log.warn("loud warn line");
        Logging.stop();
        String text = Files.readString(logs.resolve("portagent.log"));
        assertTrue(text.contains("loud warn line"));
        assertTrue(!text.contains("quiet info line"));
    }
}
