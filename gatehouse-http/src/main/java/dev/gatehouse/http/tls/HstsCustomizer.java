package dev.gatehouse.http.tls;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Adds {@code Strict-Transport-Security} to every response to a secure request: one that came over TLS,
 * or from a trusted proxy that says the client used https. Runs after {@link TrustedForwardedCustomizer}.
 * (Jetty's SecureRequestCustomizer can send the header too, but only for TLS it terminates itself.)
 */
final class HstsCustomizer implements HttpConfiguration.Customizer {
    static final String HEADER = "Strict-Transport-Security";

    private final String value;

    HstsCustomizer(TransportSecurity.Hsts hsts) {
        this.value = hsts.headerValue();
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        if (request.isSecure()) {
            responseHeaders.put(HEADER, value);
        }
        return request;
    }
}
