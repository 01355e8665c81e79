package dev.gatehouse.core.user;

import dev.gatehouse.core.validation.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenID Connect Core 5.1 standard claims a user's profile holds, each null when unknown. {@code sub} is the
 * user's id and {@code updated_at} the user's updatedAt, so neither is held here. Values are checked by
 * {@link ProfileBounds} before they are stored; {@link ProfilePatch} changes them by claim name.
 */
public record UserProfile(String name, String givenName, String familyName, String middleName, String nickname,
                          String preferredUsername, String profile, String picture, String website, String email,
                          Boolean emailVerified, String gender, String birthdate, String zoneinfo, String locale,
                          String phoneNumber, Boolean phoneNumberVerified, Address address) {
    public static final UserProfile EMPTY = new UserProfile(null, null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    /** The claim names a profile holds, in the order of OpenID Connect Core 5.1. */
    public static final List<String> CLAIMS = List.of("name", "given_name", "family_name", "middle_name", "nickname",
            "preferred_username", "profile", "picture", "website", "email", "email_verified", "gender", "birthdate",
            "zoneinfo", "locale", "phone_number", "phone_number_verified", "address");

    /** OpenID Connect Core 5.1.1; a profile holds null rather than an address without any part. */
    public record Address(String formatted, String streetAddress, String locality, String region, String postalCode,
                          String country) {
        public static final Address EMPTY = new Address(null, null, null, null, null, null);

        /** The member names of the address claim, in the order of OpenID Connect Core 5.1.1. */
        public static final List<String> FIELDS = List.of("formatted", "street_address", "locality", "region",
                "postal_code", "country");

        public boolean isEmpty() {
            return equals(EMPTY);
        }

        /** The members that have a value, by their claim names. */
        public Map<String, Object> claims() {
            Map<String, Object> claims = new LinkedHashMap<>();
            put(claims, "formatted", formatted);
            put(claims, "street_address", streetAddress);
            put(claims, "locality", locality);
            put(claims, "region", region);
            put(claims, "postal_code", postalCode);
            put(claims, "country", country);
            return claims;
        }

        /** @throws InvalidFieldException naming {@code address.<member>} for an unknown member or a value not text */
        static Address fromClaims(Map<?, ?> claims) {
            for (Object key : claims.keySet()) {
                if (!FIELDS.contains(String.valueOf(key))) {
                    throw new InvalidFieldException("address." + key, "not a member of the address claim; expected one of "
                            + String.join(", ", FIELDS));
                }
            }
            return new Address(text(claims, "formatted", "address."), text(claims, "street_address", "address."),
                    text(claims, "locality", "address."), text(claims, "region", "address."),
                    text(claims, "postal_code", "address."), text(claims, "country", "address."));
        }
    }

    public UserProfile {
        if (address != null && address.isEmpty()) {
            address = null;
        }
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** The claims that have a value, by their names; the address as a map of its members. */
    public Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        put(claims, "name", name);
        put(claims, "given_name", givenName);
        put(claims, "family_name", familyName);
        put(claims, "middle_name", middleName);
        put(claims, "nickname", nickname);
        put(claims, "preferred_username", preferredUsername);
        put(claims, "profile", profile);
        put(claims, "picture", picture);
        put(claims, "website", website);
        put(claims, "email", email);
        put(claims, "email_verified", emailVerified);
        put(claims, "gender", gender);
        put(claims, "birthdate", birthdate);
        put(claims, "zoneinfo", zoneinfo);
        put(claims, "locale", locale);
        put(claims, "phone_number", phoneNumber);
        put(claims, "phone_number_verified", phoneNumberVerified);
        put(claims, "address", address == null ? null : address.claims());
        return claims;
    }

    /**
     * The profile holding {@code claims}, keyed by claim name: text values as strings, the two {@code _verified}
     * claims as booleans, the address as a map of its members. Absent and null claims are unknown.
     *
     * @throws InvalidFieldException naming the claim for an unknown name or a value of the wrong type
     */
    public static UserProfile fromClaims(Map<String, ?> claims) {
        for (String key : claims.keySet()) {
            if (!CLAIMS.contains(key)) {
                throw new InvalidFieldException(key, "not a profile claim");
            }
        }
        Object address = claims.get("address");
        if (address != null && !(address instanceof Map<?, ?>)) {
            throw new InvalidFieldException("address", "must be an object of " + String.join(", ", Address.FIELDS));
        }
        return new UserProfile(text(claims, "name", ""), text(claims, "given_name", ""),
                text(claims, "family_name", ""), text(claims, "middle_name", ""), text(claims, "nickname", ""),
                text(claims, "preferred_username", ""), text(claims, "profile", ""), text(claims, "picture", ""),
                text(claims, "website", ""), text(claims, "email", ""), bool(claims, "email_verified"),
                text(claims, "gender", ""), text(claims, "birthdate", ""), text(claims, "zoneinfo", ""),
                text(claims, "locale", ""), text(claims, "phone_number", ""), bool(claims, "phone_number_verified"),
                address == null ? null : Address.fromClaims((Map<?, ?>) address));
    }

    private static void put(Map<String, Object> claims, String name, Object value) {
        if (value != null) {
            claims.put(name, value);
        }
    }

    private static String text(Map<?, ?> claims, String name, String prefix) {
        Object value = claims.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new InvalidFieldException(prefix + name, "must be a string");
    }

    private static Boolean bool(Map<String, ?> claims, String name) {
        Object value = claims.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new InvalidFieldException(name, "must be true or false");
    }
}
