package dev.gatehouse.examples.spring;

import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything a Spring Security resource server needs to accept Gatehouse access tokens (RFC 9068 JWTs), and
 * nothing else. docs/spring.md explains each piece.
 *
 * <p>Settings, with Spring Boot's own property names:
 * <ul>
 *   <li>{@code spring.security.oauth2.resourceserver.jwt.issuer-uri}: the Gatehouse issuer URL, exactly as in the
 *       tokens' {@code iss} (for example {@code https://auth.example.com}); the signing keys are found through its
 *       discovery document.</li>
 *   <li>{@code spring.security.oauth2.resourceserver.jwt.audiences}: the audience this service accepts, as
 *       registered on the Gatehouse clients that call it (for example {@code orders}).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class GatehouseResourceServerConfig {

    /**
     * Signature checked against the issuer's JWKS (found through discovery); then the RFC 9068 rules: header
     * {@code typ} {@code at+jwt}, this issuer, this audience, {@code exp}/{@code iat} with Spring's default 60 s
     * clock skew, and the required claims {@code sub}, {@code jti} and {@code client_id}.
     */
    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.audiences}") String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer)
                // Gatehouse signs with ES256 by default and RS256 when configured; Spring expects RS256 alone.
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.ES256);
                    algorithms.add(SignatureAlgorithm.RS256);
                })
                .build();
        // Replaces Spring's default validator, which accepts only typ "JWT" and checks no audience.
        decoder.setJwtValidator(JwtValidators.createAtJwtValidator()
                .issuer(issuer)
                .audience(audience)
                // Any client may call this service, but the token must name one (RFC 9068 section 2.2).
                .validators(v -> v.put("client_id", new JwtClaimValidator<Object>("client_id", Objects::nonNull)))
                .build());
        return decoder;
    }

    /** Each entry of the space-separated {@code scope} claim becomes an authority {@code SCOPE_<scope>}. */
    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
        scopes.setAuthoritiesClaimName("scope");
        scopes.setAuthorityPrefix("SCOPE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(scopes);
        converter.setPrincipalClaimName(JwtClaimNames.SUB);
        return converter;
    }

    /** Stateless bearer-token API: 401 for a missing or invalid token, 403 for a valid one without the scope. */
    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtAuthenticationConverter converter) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/orders").hasAuthority("SCOPE_orders.read")
                        .anyRequest().denyAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(converter)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }
}
