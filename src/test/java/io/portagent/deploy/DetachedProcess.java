package io.portagent.deploy;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server that its own start script ran in the background ({@code server start} of Open
 * Liberty), seen as a {@link Process} through its pid so that {@link ChildProcess} can watch and
 * stop it like any child: its output is in the server's own log, not in a pipe.
 */
final class DetachedProcess extends Process {

    private final ProcessHandle handle;

    DetachedProcess(ProcessHandle handle) {
        this.handle = handle;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            handle.onExit().get();
            return 0;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            handle.onExit().get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Not this JVM's child: its exit code is not known, only that it has ended. */
    @Override
    public int exitValue() {
        if (handle.isAlive()) {
            throw new IllegalThreadStateException("still running: " + handle.pid());
        }
        return 0;
    }

    @Override
    public void destroy() {
        handle.destroy();
    }

    @Override
    public Process destroyForcibly() {
        handle.destroyForcibly();
        return this;
    }

    @Override
    public boolean isAlive() {
        return handle.isAlive();
    }

    @Override
    public long pid() {
        return handle.pid();
    }

    @Override
    public ProcessHandle toHandle() {
        return handle;
    }
}
