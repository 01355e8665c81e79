package dev.gatehouse.core.revocation;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes whoever waits for new revocation log events: signalled after every local append and after events
 * of other nodes are applied. A waiter takes {@link #version()} before it reads the log and then waits for
 * a change of that version, so an event appended between its read and its wait is never missed. Closing
 * wakes every waiter for good, so that open feeds end when the issuer stops.
 */
public final class LogSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;
    private boolean closed;

    /** Changes with every signal; compare with the value of a later call. */
    public long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    public void signal() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the version differs from {@code seen}, the timeout elapses or the signal is closed.
     *
     * @return false once closed
     */
    public boolean await(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!closed && version == seen && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter; later waits return at once. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
