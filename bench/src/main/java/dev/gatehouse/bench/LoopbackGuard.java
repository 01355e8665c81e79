package dev.gatehouse.bench;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator only ever targets this machine: 127.0.0.0/8, ::1 or the name {@code localhost}. Other
 * names are refused without being resolved, so DNS cannot point the load elsewhere.
 */
public final class LoopbackGuard {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    private LoopbackGuard() {}

    /** @throws IllegalArgumentException naming the target when it is not an http(s) URL of a loopback host */
    public static URI requireLoopback(URI target) {
        String scheme = target.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("target must be an http or https URL: " + target);
        }
        String host = target.getHost();
        if (host == null || !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to send load to " + target
                    + ": only 127.0.0.0/8, [::1] and localhost are allowed");
        }
        return target;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        Matcher v4 = IPV4.matcher(host);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return false;
                }
            }
            return Integer.parseInt(v4.group(1)) == 127;
        }
        if (host.startsWith("[") && host.endsWith("]") && host.indexOf(':') > 0) {
            try {
                // An IPv6 literal is parsed, never looked up.
                InetAddress address = InetAddress.getByName(host);
                return address instanceof Inet6Address && address.isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }
}
