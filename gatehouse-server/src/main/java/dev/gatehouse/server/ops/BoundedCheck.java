package dev.gatehouse.server.ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A readiness probe that answers by a deadline: a probe still running then counts as down. Callers that
 * arrive while a probe runs wait for that one instead of starting another, so a stalled database holds one
 * probe thread, not one per readiness request.
 */
final class BoundedCheck {
    private static final Logger LOG = LoggerFactory.getLogger(BoundedCheck.class);

    private final String name;
    private final Runnable probe;
    private CompletableFuture<Void> running;

    BoundedCheck(String name, Runnable probe) {
        this.name = name;
        this.probe = probe;
    }

    /** Starts the probe, or joins the one running. */
    synchronized CompletableFuture<Void> start() {
        if (running == null || running.isDone()) {
            running = CompletableFuture.runAsync(probe, task -> Thread.ofVirtual().name("readiness-" + name).start(task));
        }
        return running;
    }

    /**
     * @param deadline {@link System#nanoTime()} by which the probe must have answered
     * @return {@code UP} or {@code DOWN}; the reason of a failure goes to the log
     */
    String result(CompletableFuture<Void> probing, long deadline) {
        try {
            probing.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return "UP";
        } catch (TimeoutException e) {
            LOG.warn("readiness check {} did not answer in time", name);
        } catch (ExecutionException e) {
            LOG.warn("readiness check {} failed: {}", name, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "DOWN";
    }
}
