package io.portagent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path a model gives stays inside the working directory, checked on real paths. */
class WorkspacePathsTest {

    @TempDir
    Path temp;

    private Path workdir;
    private Path outside;
    private WorkspacePaths paths;

    @BeforeEach
    void setUp() throws IOException {
        workdir = temp.resolve("work");
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        paths = WorkspacePaths.open(workdir);
    }

    private String refusal(String given) {
        return assertThrows(ToolException.class, () -> paths.resolve(given)).getMessage();
    }

    @Test
    void theWorkingDirectoryIsCreatedOnFirstUse() {
        assertTrue(Files.isDirectory(workdir));
    }

    @Test
    void relativePathsResolveInsideEvenWhenTheyDoNotExistYet() throws IOException {
        Path root = workdir.toRealPath();
        assertEquals(root.resolve("notes.md"), paths.resolve("notes.md"));
        assertEquals(root.resolve("a/b/c.txt"), paths.resolve("a/b/c.txt"));
        assertEquals(root.resolve("a/b"), paths.resolve("./a/./b/"));
        assertEquals(root, paths.resolve("."));
        assertEquals(root, paths.resolve(""));
    }

    @Test
    void dotDotIsRefusedEvenWhenItWouldStayInside() {
        assertTrue(refusal("../outside/secret.txt").contains("'..' is not allowed"));
        assertTrue(refusal("a/../../outside").contains("'..' is not allowed"));
        assertTrue(refusal("a/../b").contains("'..' is not allowed"));
        assertTrue(refusal("..").contains("'..' is not allowed"));
    }

    @Test
    void absolutePathsAreRefused() {
        assertTrue(refusal("/etc/passwd").contains("Absolute paths such as '/etc/passwd' are not allowed"));
        assertTrue(refusal(workdir.resolve("x").toString()).contains("Absolute paths"));
    }

    @Test
    void aSymlinkToAFileOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(workdir.resolve("link.txt"), outside.resolve("secret.txt"));
        assertTrue(refusal("link.txt").contains("leads outside the working directory"));
    }

    @Test
    void aSymlinkedDirectoryPointingOutsideIsRefusedForFilesBelowIt() throws IOException {
        Files.createSymbolicLink(workdir.resolve("out"), outside);
        assertTrue(refusal("out").contains("leads outside"));
        assertTrue(refusal("out/secret.txt").contains("leads outside"));
    }

    @Test
    void aFileThatDoesNotExistYetUnderAnEscapingSymlinkIsRefused() throws IOException {
        Files.createSymbolicLink(workdir.resolve("out"), outside);
        assertTrue(refusal("out/new/deeper/file.txt").contains("leads outside"));
    }

    @Test
    void aDanglingSymlinkIsRefusedSoWritingThroughItCannotCreateAFileOutside() throws IOException {
        Files.createSymbolicLink(workdir.resolve("dangling"), outside.resolve("not-yet.txt"));
        assertTrue(refusal("dangling").contains("symbolic link whose target does not exist"));
        assertTrue(refusal("dangling/x").contains("symbolic link whose target does not exist"));
    }

    @Test
    void aSymlinkThatStaysInsideIsFollowed() throws IOException {
        Path real = Files.createDirectories(workdir.resolve("real"));
        Files.createSymbolicLink(workdir.resolve("alias"), real);
        assertEquals(real.toRealPath().resolve("f.txt"), paths.resolve("alias/f.txt"));
    }

    @Test
    void aWorkingDirectoryReachedThroughASymlinkStillWorks() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(temp.resolve("linked"), workdir);
        WorkspacePaths viaLink = WorkspacePaths.open(linkedRoot);
        assertEquals(workdir.toRealPath().resolve("x.txt"), viaLink.resolve("x.txt"));
    }

    @Test
    void veryLongNamesAndPathsAreRefusedCleanly() {
        assertTrue(refusal("a".repeat(256)).contains("256 bytes long"));
        assertTrue(refusal("dir/" + "é".repeat(128)).contains("256 bytes long"));
        assertTrue(refusal("a/".repeat(2100)).contains("characters long"));
        assertTrue(refusal("a".repeat(10_000)).length() < 200, "the message does not echo the whole name");
    }

    @Test
    void aNameOfExactly255BytesIsAllowed() throws IOException {
        assertEquals(workdir.toRealPath().resolve("b".repeat(255)), paths.resolve("b".repeat(255)));
    }

    @Test
    void nulBytesAreRefused() {
        assertTrue(refusal("a\0b").contains("NUL byte"));
    }

    @Test
    void displayShowsPathsRelativeToTheWorkingDirectory() throws IOException {
        Path root = workdir.toRealPath();
        assertEquals("a/b.txt", paths.display(root.resolve("a/b.txt")));
        assertEquals(".", paths.display(root));
        assertEquals("a/b.txt", paths.display(root.resolve("a/b.txt").toString()));
    }
}
