package dev.gatehouse.app.admin;

import dev.gatehouse.core.user.UserProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A user's OpenID Connect profile claims as options, one per claim (its name with hyphens), written into a
 * request body by their claim names. An option left out leaves its claim alone; {@code --clear CLAIM} clears one.
 */
final class ProfileOptions {
    @Option(names = "--name", paramLabel = "TEXT", description = "full name") String name;
    @Option(names = "--given-name", paramLabel = "TEXT") String givenName;
    @Option(names = "--family-name", paramLabel = "TEXT") String familyName;
    @Option(names = "--middle-name", paramLabel = "TEXT") String middleName;
    @Option(names = "--nickname", paramLabel = "TEXT") String nickname;
    @Option(names = "--preferred-username", paramLabel = "TEXT",
            description = "the name shown to applications (default: the username)") String preferredUsername;
    @Option(names = "--profile", paramLabel = "URL", description = "profile page (http or https)") String profile;
    @Option(names = "--picture", paramLabel = "URL") String picture;
    @Option(names = "--website", paramLabel = "URL") String website;
    @Option(names = "--email", paramLabel = "ADDRESS") String email;
    @Option(names = "--email-verified", paramLabel = "true|false", arity = "0..1", fallbackValue = "true")
    Boolean emailVerified;
    @Option(names = "--gender", paramLabel = "TEXT") String gender;
    @Option(names = "--birthdate", paramLabel = "DATE", description = "YYYY-MM-DD, or YYYY") String birthdate;
    @Option(names = "--zoneinfo", paramLabel = "ZONE", description = "e.g. Europe/Paris") String zoneinfo;
    @Option(names = "--locale", paramLabel = "TAG", description = "BCP 47, e.g. en-US") String locale;
    @Option(names = "--phone-number", paramLabel = "NUMBER", description = "E.164, e.g. +14155550100") String phoneNumber;
    @Option(names = "--phone-number-verified", paramLabel = "true|false", arity = "0..1", fallbackValue = "true")
    Boolean phoneNumberVerified;
    @Option(names = "--address-formatted", paramLabel = "TEXT", description = "the full address; \\n breaks lines")
    String formatted;
    @Option(names = "--street-address", paramLabel = "TEXT") String streetAddress;
    @Option(names = "--locality", paramLabel = "TEXT", description = "city") String locality;
    @Option(names = "--region", paramLabel = "TEXT") String region;
    @Option(names = "--postal-code", paramLabel = "TEXT") String postalCode;
    @Option(names = "--country", paramLabel = "TEXT") String country;
    @Option(names = "--clear", paramLabel = "CLAIM", description = "clear a claim (e.g. email, address, "
            + "address.locality); repeat for several") List<String> clear;

    /** Adds the claims given (cleared ones as null) to {@code body}. */
    void addTo(Map<String, Object> body) {
        Map<String, Object> claims = new LinkedHashMap<>();
        Map<String, Object> address = new LinkedHashMap<>();
        for (String claim : clear == null ? List.<String>of() : clear) {
            if (claim.startsWith("address.")) {
                address.put(claim.substring("address.".length()), null);
            } else {
                claims.put(claim, null);
            }
        }
        set(claims, "name", name);
        set(claims, "given_name", givenName);
        set(claims, "family_name", familyName);
        set(claims, "middle_name", middleName);
        set(claims, "nickname", nickname);
        set(claims, "preferred_username", preferredUsername);
        set(claims, "profile", profile);
        set(claims, "picture", picture);
        set(claims, "website", website);
        set(claims, "email", email);
        set(claims, "email_verified", emailVerified);
        set(claims, "gender", gender);
        set(claims, "birthdate", birthdate);
        set(claims, "zoneinfo", zoneinfo);
        set(claims, "locale", locale);
        set(claims, "phone_number", phoneNumber);
        set(claims, "phone_number_verified", phoneNumberVerified);
        set(address, "formatted", formatted == null ? null : formatted.replace("\\n", "\n"));
        set(address, "street_address", streetAddress == null ? null : streetAddress.replace("\\n", "\n"));
        set(address, "locality", locality);
        set(address, "region", region);
        set(address, "postal_code", postalCode);
        set(address, "country", country);
        if (!address.isEmpty()) {
            if (claims.containsKey("address")) {
                throw new AdminException("--clear address cannot be combined with address options");
            }
            claims.put("address", address);
        }
        body.putAll(claims);
    }

    private void set(Map<String, Object> claims, String claim, Object value) {
        if (value == null) {
            return;
        }
        String shown = UserProfile.Address.FIELDS.contains(claim) ? "address." + claim : claim;
        if (claims.containsKey(claim)) {
            throw new AdminException("the claim " + shown + " is both set and cleared");
        }
        claims.put(claim, value);
    }
}
