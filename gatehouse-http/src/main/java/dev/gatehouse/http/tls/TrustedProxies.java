package dev.gatehouse.http.tls;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.List;
import org.eclipse.jetty.util.InetAddressSet;

/**
 * The addresses of TLS-terminating proxies whose {@code Forwarded} and {@code X-Forwarded-*} headers are
 * believed. Entries are IP addresses, CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}) or ranges
 * ({@code 10.0.0.1-10.0.0.9}); host names are refused, since a DNS answer must not decide whom to trust.
 */
public final class TrustedProxies {
    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<String> entries;
    private final InetAddressSet set = new InetAddressSet();

    private TrustedProxies(List<String> entries) {
        this.entries = List.copyOf(entries);
        for (String entry : this.entries) {
            if (!entry.matches("[0-9A-Fa-f:.]+(/[0-9]{1,3}|-[0-9A-Fa-f:.]+)?")) {
                throw new IllegalArgumentException("trusted proxy \"" + entry
                        + "\": expected an IP address, a CIDR block such as 10.0.0.0/8 or a range a.b.c.d-e.f.g.h");
            }
            try {
                set.add(entry);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("trusted proxy \"" + entry + "\": " + e.getMessage(), e);
            }
        }
    }

    /** @throws IllegalArgumentException naming the first entry that is not an address, block or range */
    public static TrustedProxies of(Collection<String> entries) {
        return entries.isEmpty() ? NONE : new TrustedProxies(entries.stream().map(String::trim).toList());
    }

    public static TrustedProxies none() {
        return NONE;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public List<String> entries() {
        return entries;
    }

    public boolean trusts(InetAddress address) {
        return address != null && !entries.isEmpty() && set.test(address);
    }

    public boolean trusts(SocketAddress address) {
        return address instanceof InetSocketAddress inet && trusts(inet.getAddress());
    }

    /** Whether a hop of a forwarding header names a trusted proxy; unparseable hops are not trusted. */
    boolean trustsHop(String hop) {
        String h = hop.trim();
        if (h.startsWith("\"") && h.endsWith("\"") && h.length() > 1) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(1, end) : h;
        } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':')); // IPv4 with port
        }
        return literal(h).map(this::trusts).orElse(false);
    }

    /** Parses an IP literal without ever asking DNS. */
    static java.util.Optional<InetAddress> literal(String text) {
        boolean v4 = text.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(text));
        } catch (java.net.UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
