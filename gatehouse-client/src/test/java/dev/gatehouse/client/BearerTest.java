package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTest {
    @Test
    void readsTheTokenAfterTheSchemeInAnyCase() {
        assertThat(Bearer.token("Bearer abc.def.ghi")).contains("abc.def.ghi");
        assertThat(Bearer.token("bearer abc")).contains("abc");
        assertThat(Bearer.token("BEARER   abc  ")).contains("abc");
    }

    @Test
    void findsNoTokenInAMissingOrForeignOrEmptyHeader() {
        assertThat(Bearer.token(null)).isEmpty();
        assertThat(Bearer.token("Basic abc")).isEmpty();
        assertThat(Bearer.token("Bearer")).isEmpty();
        assertThat(Bearer.token("Bearer    ")).isEmpty();
        assertThat(Bearer.token("Bearerabc")).isEmpty();
    }

    @Test
    void acceptsOnlyTheRfc6750TokenSyntax() {
        assertThat(Bearer.wellFormed("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln")).isTrue();
        assertThat(Bearer.wellFormed("abc-._~+/==")).isTrue();
        assertThat(Bearer.wellFormed("a b")).isFalse();
        assertThat(Bearer.wellFormed("a\"b")).isFalse();
        assertThat(Bearer.wellFormed("=abc")).isFalse();
        assertThat(Bearer.wellFormed("a".repeat(8193))).isFalse();
    }
}
