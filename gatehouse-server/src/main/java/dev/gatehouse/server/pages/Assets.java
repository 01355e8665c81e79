package dev.gatehouse.server.pages;

import dev.gatehouse.server.Endpoints;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The static files the pages use (stylesheet, logo, the form_post script), read once at start: the built-in
 * ones from the classpath, then every file of a known type directly in the operator's {@code assets/}
 * directory, which replaces a built-in file of the same name. Serving is a lookup by plain file name in this
 * fixed set, so no request path can reach any other file.
 */
public final class Assets {
    public static final String STYLESHEET = "gatehouse.css";
    /** The operator's additions to the stylesheet, linked after it when present (such as colours alone). */
    public static final String CUSTOM_STYLESHEET = "custom.css";
    public static final String FORM_POST_SCRIPT = "form-post.js";
    static final List<String> BUILT_IN = List.of(STYLESHEET, "logo.svg", FORM_POST_SCRIPT);
    static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)*");
    private static final Map<String, String> TYPES = Map.of(
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "jpg", "image/jpeg",
            "webp", "image/webp",
            "ico", "image/x-icon",
            "woff2", "font/woff2");

    /** @param version a short hash of the content, for URLs that change when the file does */
    public record Asset(String name, byte[] content, String contentType, String version) {}

    private final Map<String, Asset> byName;
    private final String logo;

    private Assets(Map<String, Asset> byName, String logo) {
        this.byName = Map.copyOf(byName);
        this.logo = logo;
    }

    /** @throws IllegalStateException naming an operator file that cannot be read or is too large */
    public static Assets load(Optional<Path> directory) {
        Map<String, Asset> assets = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            try (InputStream in = Assets.class.getResourceAsStream(PageTexts.CLASSPATH + "assets/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("built-in asset missing: " + name);
                }
                assets.put(name, asset(name, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(name, e);
            }
        }
        Map<String, Asset> own = new LinkedHashMap<>();
        directory.map(d -> d.resolve("assets")).filter(Files::isDirectory).ifPresent(dir -> operator(dir, own));
        assets.putAll(own);
        String logo = !own.containsKey("logo.svg") && own.containsKey("logo.png") ? "logo.png" : "logo.svg";
        return new Assets(assets, logo);
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The path of an asset with its version, such as {@code /assets/gatehouse.css?v=1a2b3c4d}. */
    public String url(String name) {
        Asset a = byName.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no asset " + name);
        }
        return Endpoints.ASSETS + "/" + name + "?v=" + a.version();
    }

    /** The logo: the operator's {@code logo.svg}, else their {@code logo.png}, else the built-in one. */
    public String logoUrl() {
        return url(logo);
    }

    private static void operator(Path dir, Map<String, Asset> assets) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f) || !NAME.matcher(name).matches() || contentType(name) == null) {
                    continue;
                }
                if (Files.size(f) > MAX_BYTES) {
                    throw new IllegalStateException("pages directory: asset " + f + " is larger than "
                            + MAX_BYTES + " bytes");
                }
                assets.put(name, asset(name, Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new IllegalStateException("pages directory: cannot read assets in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Asset asset(String name, byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return new Asset(name, content, contentType(name), HexFormat.of().formatHex(hash, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }
}
