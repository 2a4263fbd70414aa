package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.AppServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.apache.tomcat.JarScanType;
import org.apache.tomcat.util.scan.StandardJarScanFilter;
import org.junit.jupiter.api.Test;

/**
 * The launcher's Tomcat looks into only some of WEB-INF/lib's jars at start: those must be
 * exactly the jars of the built WAR that serve files from {@code META-INF/resources} (a WebJar
 * left out would answer 404 for every file it holds), and no other.
 */
class ResourceJarsIT {

    @Test
    void tomcatLooksIntoExactlyTheJarsThatServeStaticFiles() throws IOException {
        StandardJarScanFilter filter = EmbeddedTomcat.jarScanFilter();
        List<String> serving = new ArrayList<>();
        List<String> scanned = new ArrayList<>();
        try (ZipFile war = new ZipFile(AppServer.war().toFile())) {
            for (ZipEntry entry : war.stream().toList()) {
                String name = entry.getName();
                if (!name.startsWith("WEB-INF/lib/") || !name.endsWith(".jar")) {
                    continue;
                }
                String jar = name.substring("WEB-INF/lib/".length());
                if (servesFiles(war.getInputStream(entry))) {
                    serving.add(jar);
                }
                if (filter.check(JarScanType.PLUGGABILITY, jar)) {
                    scanned.add(jar);
                }
                assertFalse(filter.check(JarScanType.TLD, jar), "no TLD scan: " + jar);
            }
        }
        assertFalse(serving.isEmpty(), "the studio's WebJars are in the WAR");
        assertEquals(serving, scanned);
    }

    private static boolean servesFiles(InputStream jar) throws IOException {
        try (ZipInputStream entries = new ZipInputStream(jar)) {
            for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
                if (e.getName().startsWith("META-INF/resources/") && !e.isDirectory()) {
                    return true;
                }
            }
        }
        return false;
    }
}
