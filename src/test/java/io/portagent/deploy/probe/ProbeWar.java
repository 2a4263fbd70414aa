package io.portagent.deploy.probe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes probe.war: {@link ProbeMechanism}, {@link ProbeServlet}, a beans.xml and, for WildFly,
 * the jboss-web.xml that puts it in Portagent's security domain (other servers ignore that file):
 * the same Jakarta Security construct as Portagent's in two classes. Deployed after Portagent, it
 * tells a leak of the server's own from one of ours: if this WAR's class loader outlives its
 * undeploy too, the server keeps it.
 */
public final class ProbeWar {

    /** The class a leak check looks for after the probe's undeploy. */
    public static final String PROBE_CLASS = ProbeMechanism.class.getName();

    private static final String BEANS_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    private static final String JBOSS_WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <jboss-web xmlns="urn:jboss:jakartaee:1.0" version="15.1"><security-domain>portagent</security-domain></jboss-web>
            """;

    private ProbeWar() {
    }

    public static Path write(Path war) throws IOException {
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Class<?> type : List.of(ProbeMechanism.class, ProbeServlet.class)) {
                String name = type.getName().replace('.', '/') + ".class";
                zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + name));
                try (InputStream bytes = type.getClassLoader().getResourceAsStream(name)) {
                    bytes.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("WEB-INF/beans.xml"));
            zip.write(BEANS_XML.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("WEB-INF/jboss-web.xml"));
            zip.write(JBOSS_WEB_XML.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return war;
    }
}
