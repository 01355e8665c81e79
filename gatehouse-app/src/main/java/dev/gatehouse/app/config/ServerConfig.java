package dev.gatehouse.app.config;

import java.net.URI;

/** Where the issuer listens and how it names itself. */
public record ServerConfig(String host, int port, URI issuer, long maxBodyBytes) {}
