package io.sextant.api;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The credential one HTTP request carries, handed from the mechanism to the identity provider. */
final class SignInRequest extends BaseAuthenticationRequest {

    /** What the request presented. */
    sealed interface Credential {}

    /** HTTP Basic: a user name with a password or one of the user's API tokens. */
    record Basic(String user, String secret) implements Credential {}

    /** {@code Authorization: Bearer <api-token>}. */
    record Bearer(String token) implements Credential {}

    /** The web session cookie. */
    record SessionCookie(String value) implements Credential {}

    /** The development header (dev and test profiles only). */
    record DevHeader(String user) implements Credential {}

    final Credential credential;
    final String clientAddress;

    SignInRequest(Credential credential, String clientAddress) {
        this.credential = credential;
        this.clientAddress = clientAddress;
    }
}
