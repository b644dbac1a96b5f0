#pragma once

// The secrets of `gridmap serve`, on libsodium: random keys and tokens, the stored hash of an
// API key (BLAKE2b: keys are 256 random bits, so a fast hash is safe), passwords hashed with
// Argon2id (crypto_pwhash_str), request tokens signed with HMAC-SHA-512/256.

#include <string>
#include <string_view>

namespace gridmap::serve {

/// Initialises libsodium (once; thread-safe). Throws LibraryError when it cannot.
void crypto_init();

/// `bytes` random bytes as lowercase hex.
std::string random_hex(std::size_t bytes);

/// The hex BLAKE2b-256 hash of an API key, as stored in serve_api_key.hash.
std::string api_key_hash(std::string_view key);

/// The Argon2id hash of a password in libsodium's string format ("$argon2id$v=19$...").
std::string password_hash(std::string_view password);
/// Whether `password` matches `hash` (constant time; false for a malformed hash).
bool password_matches(std::string_view hash, std::string_view password);

/// The request token of issue `id`: "ID-" and 24 hex digits of HMAC(secret, id).
std::string request_token(std::string_view secret_hex, std::string_view id);
/// The issue id of a token made by request_token with the same secret, or "" when the token is
/// malformed or forged.
std::string token_issue(std::string_view secret_hex, std::string_view token);

/// Constant-time comparison of two strings.
bool same_secret(std::string_view a, std::string_view b);

} // namespace gridmap::serve
