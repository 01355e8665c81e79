package dev.gatehouse.core.audit;

import java.util.concurrent.Callable;

/**
 * The address of the caller whose request the current thread serves (as the issuer believes it, trusted
 * proxies applied), for the audit events a service records on that caller's behalf. Each request has a
 * thread of its own; outside one, there is none.
 */
public final class RequestAddress {
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private RequestAddress() {}

    /** Runs {@code work} with {@code address} as the current request's address. */
    public static <T> T during(String address, Callable<T> work) throws Exception {
        String outer = CURRENT.get();
        CURRENT.set(address);
        try {
            return work.call();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The current request's address; null outside a request. */
    public static String current() {
        return CURRENT.get();
    }
}
